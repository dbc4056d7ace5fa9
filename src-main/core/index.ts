/**
 * The core's public entry. The shell, the API layer and the CLI import only this file;
 * everything behind it is internal and may change shape freely.
 */
export { VaultError, toAppError } from './errors/vault-error.ts';
export { getDiagnostics } from './diagnostics.ts';
export type { HostVersions } from './diagnostics.ts';
