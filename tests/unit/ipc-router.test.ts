import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src-shared/contract.ts';
import type { Handlers } from '../../src-main/api/handlers.ts';
import { createHandlers } from '../../src-main/api/handlers.ts';
import { AppSession } from '../../src-main/api/session.ts';
import { VaultError } from '../../src-main/core/index.ts';
import { isTrustedSender, registerIpcRouter } from '../../src-main/shell/ipc-router.ts';
import type { IpcMainLike } from '../../src-main/shell/ipc-router.ts';

const APP = 'app://evidence-vault';
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** An in-memory ipcMain with exactly the surface the router uses, typed from Electron's d.ts. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener as Listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  const call = async (channel: string, request: unknown, frame: Partial<WebFrameMain> | null) => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener({ senderFrame: frame } as IpcMainInvokeEvent, request);
  };
  return { ipc, handlers, call };
}

const appFrame = { url: `${APP}/index.html`, parent: null } as Partial<WebFrameMain>;
const platform = {
  appVersion: '0.0.0-test',
  electronVersion: null,
  chromeVersion: null,
  chooseFolder: async () => null,
  chooseImportPaths: async () => [],
  chooseSavePath: async () => null,
  chooseKeyFile: async () => null,
};
const testHandlers = (overrides: Partial<Handlers> = {}): Handlers => ({
  ...createHandlers(platform, new AppSession({ emit: () => {} })),
  ...overrides,
});

describe('IPC router', () => {
  it('registers a handler for every channel in the contract, and removes them all', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerIpcRouter(ipc, testHandlers(), [APP]);
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers a valid request from the app window with {ok:true, value}', async () => {
    const { ipc, call } = fakeIpcMain();
    registerIpcRouter(ipc, testHandlers({ 'app:diagnostics': () => ({ app: 'x' }) as never }), [APP]);
    await expect(call('app:diagnostics', {}, appFrame)).resolves.toEqual({ ok: true, value: { app: 'x' } });
  });

  it('rejects a request with a bad payload before the handler runs', async () => {
    const { ipc, call } = fakeIpcMain();
    let ran = false;
    registerIpcRouter(ipc, testHandlers({ 'app:diagnostics': () => { ran = true; return {} as never; } }), [APP]);
    for (const bad of [{ extra: 1 }, null, 'text', [1]]) {
      const result = await call('app:diagnostics', bad, appFrame);
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(ran).toBe(false);
  });

  it('refuses senders that are not the app main frame', async () => {
    const { ipc, call } = fakeIpcMain();
    let ran = false;
    registerIpcRouter(ipc, testHandlers({ 'app:diagnostics': () => { ran = true; return {} as never; } }), [APP]);
    const foreign = [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: `${APP}/index.html`, parent: appFrame }, // a subframe of the app
      { url: 'app://other-host/index.html', parent: null },
      { url: 'not a url', parent: null },
    ] as Partial<WebFrameMain>[];
    for (const frame of foreign) {
      await expect(call('app:diagnostics', {}, frame)).resolves.toEqual({
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) },
      });
    }
    await expect(call('app:diagnostics', {}, null)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(ran).toBe(false);
  });

  it('returns typed errors and never leaks an unexpected exception message or stack', async () => {
    const { ipc, call } = fakeIpcMain();
    registerIpcRouter(ipc, testHandlers({ 'app:diagnostics': () => { throw new Error('secret /home/witness/IMG_0001.jpg'); } }), [APP]);
    const result = await call('app:diagnostics', {}, appFrame);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'An internal error occurred.' } });
    expect(JSON.stringify(result)).not.toContain('IMG_0001');
  });

  it('passes a VaultError through with its code and user message', async () => {
    const { ipc, call } = fakeIpcMain();
    registerIpcRouter(ipc, testHandlers({ 'app:diagnostics': () => { throw new VaultError('VAULT_LOCKED', 'The vault is locked.'); } }), [APP]);
    await expect(call('app:diagnostics', {}, appFrame)).resolves.toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: 'The vault is locked.' },
    });
  });

  it('trusts exactly the configured origins', () => {
    expect(isTrustedSender({ url: `${APP}/x`, parent: null } as unknown as WebFrameMain, [APP])).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null } as unknown as WebFrameMain, [APP])).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null } as unknown as WebFrameMain, ['http://localhost:5173'])).toBe(true);
  });
});
