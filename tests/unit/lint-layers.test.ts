/**
 * The architecture is enforced by ESLint: each case lints a small source text as if it lived in a
 * layer's folder and expects the layer rule to fail it (or to let a legal import through).
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, '../..', file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  const violations: [string, string, string, RegExp][] = [
    ['core importing electron', 'src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n", /no-restricted-imports.*electron/],
    ['core importing the shell', 'src-main/core/x.ts', "import { registerIpcRouter } from '../shell/ipc-router.ts';\nexport const a = registerIpcRouter;\n", /no-restricted-imports/],
    ['core importing the renderer', 'src-main/core/x.ts', "import { App } from '../../src-renderer/App.tsx';\nexport const a = App;\n", /no-restricted-imports/],
    ['renderer importing node:fs', 'src-renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", /no-restricted-imports/],
    ['renderer importing electron', 'src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n", /no-restricted-imports/],
    ['renderer importing the core', 'src-renderer/x.ts', "import { getDiagnostics } from '../src-main/core/index.ts';\nexport const a = getDiagnostics;\n", /no-restricted-imports/],
    ['renderer importing the preload', 'src-renderer/x.ts', "import { createPreloadApi } from '../src-preload/api.ts';\nexport const a = createPreloadApi;\n", /no-restricted-imports/],
    ['shared importing node', 'src-shared/x.ts', "import os from 'node:os';\nexport const a = os;\n", /no-restricted-imports/],
    ['shared importing zod outside schemas.ts', 'src-shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n", /no-restricted-imports/],
    ['CLI importing electron', 'src-main/cli/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;\n", /no-restricted-imports/],
    ['CLI reaching into core internals', 'src-main/cli/x.ts', "import { encryptionSelfTest } from '../core/db/self-test.ts';\nexport const a = encryptionSelfTest;\n", /no-restricted-imports/],
    ['API layer importing electron', 'src-main/api/x.ts', "import { dialog } from 'electron';\nexport const a = dialog;\n", /no-restricted-imports/],
    ['preload importing the core', 'src-preload/x.ts', "import { getDiagnostics } from '../src-main/core/index.ts';\nexport const a = getDiagnostics;\n", /no-restricted-imports/],
    ['API layer reaching into core internals', 'src-main/api/x.ts', "import { openDatabase } from '../core/db/open-database.ts';\nexport const a = openDatabase;\n", /no-restricted-imports/],
    ['core importing the API layer', 'src-main/core/vault/x.ts', "import { AppSession } from '../../api/session.ts';\nexport const a = AppSession;\n", /no-restricted-imports/],
    ['preload importing node', 'src-preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", /no-restricted-imports/],
    ['shell importing the CLI', 'src-main/shell/x.ts', "import { main } from '../cli/main.ts';\nexport const a = main;\n", /no-restricted-imports/],
    ['core logging to the console', 'src-main/core/x.ts', "export function f(name: string) { console.log(name); }\n", /no-console/],
  ];

  for (const [what, file, code, rule] of violations) {
    it(`fails ${what}`, async () => {
      const errors = await lintAs(file, code);
      expect(errors.join('\n')).toMatch(rule);
    });
  }

  const allowed: [string, string, string][] = [
    ['shell importing electron and the core entry', 'src-main/shell/x.ts', "import { app } from 'electron';\nimport { getDiagnostics } from '../core/index.ts';\nexport const a = [app, getDiagnostics];\n"],
    ['renderer importing the contract', 'src-renderer/x.ts', "import { CHANNELS } from '../src-shared/contract.ts';\nexport const a = CHANNELS;\n"],
    ['core importing node and shared', 'src-main/core/x.ts', "import os from 'node:os';\nimport { ok } from '../../src-shared/result.ts';\nexport const a = [os, ok];\n"],
  ];
  for (const [what, file, code] of allowed) {
    it(`allows ${what}`, async () => {
      expect(await lintAs(file, code)).toEqual([]);
    });
  }
});
