import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src-shared/result.ts';
import { CUSTODY_ACTIONS } from '../../src-main/core/custody/custody-log.ts';
import en from '../../src-renderer/i18n/locales/en.json' with { type: 'json' };
import ru from '../../src-renderer/i18n/locales/ru.json' with { type: 'json' };

const rendererDir = path.resolve(import.meta.dirname, '../../src-renderer');

function keysOf(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const enKeys = new Set(keysOf(en));
const ruKeys = new Set(keysOf(ru));

describe('translation catalogs', () => {
  it('English and Russian have exactly the same keys', () => {
    expect([...enKeys].filter((k) => !ruKeys.has(k)), 'missing in ru').toEqual([]);
    expect([...ruKeys].filter((k) => !enKeys.has(k)), 'missing in en').toEqual([]);
  });

  it('no translation is empty', () => {
    for (const [lang, catalog] of [['en', en], ['ru', ru]] as const) {
      const empty = keysOf(catalog).filter((k) => {
        const value = k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, lang).toEqual([]);
    }
  });

  it('every literal key the renderer uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(rendererDir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(enKeys.has(`errors.${code}`), code).toBe(true);
      expect(ruKeys.has(`errors.${code}`), code).toBe(true);
    }
  });

  it('every custody action has a label in both languages', () => {
    for (const action of CUSTODY_ACTIONS) {
      const key = `custody.actions.${action.replace('.', '_')}`;
      expect(enKeys.has(key), key).toBe(true);
      expect(ruKeys.has(key), key).toBe(true);
    }
  });
});
