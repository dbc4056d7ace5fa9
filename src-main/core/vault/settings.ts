/** Vault settings kept in the encrypted database (they may name the operator). */
import type { VaultSettings } from '../../../src-shared/types/vault.ts';
import type { Vault } from './vault.ts';

const IDLE_KEY = 'idleLockMinutes';
export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export function getVaultSettings(vault: Vault): VaultSettings {
  const idle = Number(vault.store.getSetting(IDLE_KEY) ?? DEFAULT_IDLE_LOCK_MINUTES);
  return { operator: vault.operator, idleLockMinutes: Number.isFinite(idle) && idle >= 0 ? idle : DEFAULT_IDLE_LOCK_MINUTES };
}

export function updateVaultSettings(vault: Vault, patch: Partial<VaultSettings>): VaultSettings {
  vault.store.transaction(() => {
    if (patch.operator !== undefined) vault.setOperator(patch.operator);
    if (patch.idleLockMinutes !== undefined) vault.store.setSetting(IDLE_KEY, String(patch.idleLockMinutes));
  });
  return getVaultSettings(vault);
}
