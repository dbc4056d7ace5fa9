/**
 * Locks the vault on system suspend and screen lock, and after the vault's idle time measured
 * system-wide (so leaving the laptop with another app in front still locks the vault).
 */
import { powerMonitor } from 'electron';
import type { AppSession } from '../api/session.ts';

const IDLE_POLL_MS = 15_000;

export function installAutoLock(session: AppSession): void {
  const lockNow = () => void session.lock();
  powerMonitor.on('suspend', lockNow);
  powerMonitor.on('lock-screen', lockNow);
  const timer = setInterval(() => void session.checkIdle(powerMonitor.getSystemIdleTime()), IDLE_POLL_MS);
  timer.unref();
}
