/**
 * The vault's state as the UI knows it. Main is the authority: it pushes `vault:state` whenever the
 * vault locks (button, shortcut, idle time, suspend, screen lock) and the UI follows. Everything
 * that shows vault contents lives under a subtree keyed by `sessionKey`, so a lock unmounts it and
 * no item data survives in React state.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { VaultStatus } from '../src-shared/types/vault.ts';
import { invoke, onEvent } from './api.ts';
import { replaceLocation, hrefFor } from './routes.ts';

export interface VaultSession {
  /** null until main has answered the first time. */
  status: VaultStatus | null;
  /** Changes every time a vault opens; keys the subtree that may hold vault data. */
  sessionKey: number;
  /** The recovery key of a vault created just now, until the person confirms they wrote it down. */
  pendingRecoveryKey: string | null;
  opened(status: VaultStatus, recoveryKey?: string): void;
  recoveryKeyConfirmed(): void;
  lock(): Promise<void>;
}

const VaultContext = createContext<VaultSession | null>(null);

export function useVault(): VaultSession {
  const session = useContext(VaultContext);
  if (!session) throw new Error('useVault outside VaultProvider');
  return session;
}

export function VaultProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [sessionKey, setSessionKey] = useState(0);
  const [pendingRecoveryKey, setPendingRecoveryKey] = useState<string | null>(null);
  const stateRef = useRef<VaultStatus['state'] | null>(null);

  const apply = useCallback((next: VaultStatus) => {
    const before = stateRef.current;
    stateRef.current = next.state;
    setStatus(next);
    if (next.state === 'unlocked' && before !== 'unlocked') setSessionKey((k) => k + 1);
    if (next.state === 'locked') {
      // A recovery key left on the screen of an unattended computer is exactly what locking prevents.
      setPendingRecoveryKey(null);
      if (before === 'unlocked') replaceLocation(hrefFor('vault'));
    }
  }, []);

  useEffect(() => {
    let live = true;
    const off = onEvent('vault:state', (next) => apply(next));
    void invoke('vault:status', {}).then((result) => {
      if (live && result.ok && stateRef.current === null) apply(result.value);
    });
    return () => {
      live = false;
      off();
    };
  }, [apply]);

  const opened = useCallback(
    (next: VaultStatus, recoveryKey?: string) => {
      if (recoveryKey) setPendingRecoveryKey(recoveryKey);
      apply(next);
    },
    [apply],
  );

  const lock = useCallback(async () => {
    const result = await invoke('vault:lock', {});
    if (result.ok) apply(result.value);
  }, [apply]);

  const recoveryKeyConfirmed = useCallback(() => setPendingRecoveryKey(null), []);

  const value = useMemo<VaultSession>(
    () => ({ status, sessionKey, pendingRecoveryKey, opened, recoveryKeyConfirmed, lock }),
    [status, sessionKey, pendingRecoveryKey, opened, recoveryKeyConfirmed, lock],
  );
  return <VaultContext.Provider value={value}>{children}</VaultContext.Provider>;
}

/**
 * Ctrl+L / Cmd+L locks from anywhere. Matched by physical key, so it also works with a Russian
 * (or any other) keyboard layout, where the same key types "д".
 */
export function useLockShortcut(): void {
  const { status, lock } = useVault();
  const unlocked = status?.state === 'unlocked';
  useEffect(() => {
    if (!unlocked) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'KeyL' || e.altKey || e.shiftKey || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      void lock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [unlocked, lock]);
}

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);
