import type { IpcRendererEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { createPreloadApi } from '../../src-preload/api.ts';
import type { IpcRendererLike } from '../../src-preload/api.ts';

function fakeIpcRenderer() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(e: IpcRendererEvent, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args[0]]);
      return { ok: true, value: 'answer' };
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return this as never;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return this as never;
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipc event' } as unknown as IpcRendererEvent, payload);
  };
  return { ipc, invoked, listeners, emit };
}

const webUtils = { getPathForFile: (file: File) => `/dropped/${file.name}` };

describe('preload API', () => {
  it('forwards contract channels to ipcRenderer.invoke', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createPreloadApi(ipc, webUtils);
    await expect(api.invoke('app:diagnostics', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([['app:diagnostics', {}]]);
  });

  it('refuses channels outside the contract without touching IPC', async () => {
    const { ipc, invoked } = fakeIpcRenderer();
    const api = createPreloadApi(ipc, webUtils);
    await expect(api.invoke('shell:openExternal' as never, {} as never)).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(invoked).toEqual([]);
  });

  it('delivers event payloads without the Electron event object, and unsubscribes', () => {
    const { ipc, listeners, emit } = fakeIpcRenderer();
    const api = createPreloadApi(ipc, webUtils);
    const seen: unknown[][] = [];
    const off = api.on('app:notice', (...args: unknown[]) => seen.push(args));
    emit('app:notice', { kind: 'info', message: 'hello' });
    expect(seen).toEqual([[{ kind: 'info', message: 'hello' }]]);
    off();
    expect(listeners.get('app:notice')?.size).toBe(0);
    expect(() => api.on('ipc:raw' as never, () => {})).toThrow();
  });

  it('exposes only invoke and on, frozen', () => {
    const api = createPreloadApi(fakeIpcRenderer().ipc, webUtils);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
