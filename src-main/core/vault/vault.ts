/**
 * An open vault: the unlocked keys, the database, and the folder. Creating, unlocking, changing
 * the passphrase and recovering happen here; what is done with an open vault (ingest, audit,
 * reading items) lives in its own modules and receives the Vault.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { wipe } from '../crypto/wipe.ts';
import { assertPassphrase, deriveSubkeys, KDF_PARAMS_FOR_TESTS, DEFAULT_KDF_PARAMS } from '../crypto/kdf.ts';
import type { KdfParams, Subkeys } from '../crypto/kdf.ts';
import { openVaultStore } from '../db/vault-store.ts';
import type { VaultStore } from '../db/vault-store.ts';
import { appendEvent } from '../custody/custody-log.ts';
import type { CustodyAction, CustodyDetails } from '../custody/custody-log.ts';
import { VaultError } from '../errors/vault-error.ts';
import {
  createHeader,
  readHeader,
  rewrapForPassphrase,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  writeHeader,
} from './header.ts';
import type { VaultHeader } from './header.ts';
import { ensureDirs, hex, removeLeftovers, vaultPaths } from './layout.ts';
import type { VaultPaths } from './layout.ts';

export { KDF_PARAMS_FOR_TESTS, DEFAULT_KDF_PARAMS };
export type { KdfParams };

const OPERATOR_SETTING = 'operator';

export type CreateVaultOptions = {
  /** Name recorded as the actor of custody events; defaults to the OS user name. */
  operator?: string;
  kdf?: KdfParams;
};

export class Vault {
  readonly paths: VaultPaths;
  #header: VaultHeader;
  #masterKey: Uint8Array | null;
  #subkeys: Subkeys | null;
  #store: VaultStore | null;

  private constructor(paths: VaultPaths, header: VaultHeader, masterKey: Uint8Array, store: VaultStore, subkeys: Subkeys) {
    this.paths = paths;
    this.#header = header;
    this.#masterKey = masterKey;
    this.#subkeys = subkeys;
    this.#store = store;
  }

  /** Creates a vault in an empty (or new) folder. The recovery key is returned once and stored nowhere. */
  static async create(folder: string, passphrase: string, options: CreateVaultOptions = {}): Promise<{ vault: Vault; recoveryKey: string }> {
    const paths = vaultPaths(folder);
    await assertEmptyOrAbsent(folder);
    const { header, masterKey, recoveryKey } = await createHeader(passphrase, options.kdf ?? DEFAULT_KDF_PARAMS);
    await ensureDirs(paths);
    const subkeys = deriveSubkeys(masterKey, header.vaultId);
    const store = openVaultStore(paths.db, subkeys.dbKey);
    const operator = (options.operator ?? defaultOperator()).trim() || 'operator';
    store.setSetting(OPERATOR_SETTING, operator);
    const vault = new Vault(paths, header, masterKey, store, subkeys);
    try {
      vault.log('vault.created', { details: { vaultId: header.vaultId, format: header.format, version: header.version } });
      // The header goes last: a folder without one is not a vault, so a crash above leaves nothing half-made.
      await writeHeader(folder, header);
    } catch (err) {
      vault.lock();
      throw err;
    }
    return { vault, recoveryKey };
  }

  static async unlock(folder: string, passphrase: string): Promise<Vault> {
    const header = await readHeader(folder);
    const masterKey = await unlockWithPassphrase(header, passphrase);
    return Vault.#open(folder, header, masterKey);
  }

  /** Unlocks with the recovery key and sets a new passphrase in one step (the `recover` command). */
  static async recover(folder: string, recoveryKey: string, newPassphrase: string): Promise<Vault> {
    // Refuse an unusable new passphrase before anything is opened or logged.
    assertPassphrase(newPassphrase);
    const header = await readHeader(folder);
    const masterKey = unlockWithRecoveryKey(header, recoveryKey);
    const vault = await Vault.#open(folder, header, masterKey);
    try {
      vault.log('recovery.used', { details: {} });
      await vault.changePassphrase(newPassphrase);
      return vault;
    } catch (err) {
      vault.lock();
      throw err;
    }
  }

  static async #open(folder: string, header: VaultHeader, masterKey: Uint8Array): Promise<Vault> {
    const paths = vaultPaths(folder);
    let subkeys: Subkeys | null = null;
    try {
      subkeys = deriveSubkeys(masterKey, header.vaultId);
      const store = openVaultStore(paths.db, subkeys.dbKey, { mustExist: true });
      const vault = new Vault(paths, header, masterKey, store, subkeys);
      try {
        await ensureDirs(paths);
        const known = new Set(store.listObjects().map((o) => hex(o.id)));
        await removeLeftovers(paths, (name) => known.has(name));
      } catch (err) {
        vault.lock();
        throw err;
      }
      return vault;
    } catch (err) {
      wipe(masterKey, subkeys?.dbKey, subkeys?.fileKeyWrapKey, subkeys?.signingSeed);
      throw err;
    }
  }

  get isOpen(): boolean {
    return this.#store !== null;
  }

  get store(): VaultStore {
    if (!this.#store) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    return this.#store;
  }

  get fileKeyWrapKey(): Uint8Array {
    if (!this.#subkeys) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    return this.#subkeys.fileKeyWrapKey;
  }

  /** The Ed25519 seed that signs filing packages; wiped on lock like the other subkeys. */
  get signingSeed(): Uint8Array {
    if (!this.#subkeys) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    return this.#subkeys.signingSeed;
  }

  get vaultId(): string {
    return this.#header.vaultId;
  }

  get operator(): string {
    return this.store.getSetting(OPERATOR_SETTING) ?? 'operator';
  }

  setOperator(name: string): void {
    const trimmed = name.trim();
    if (!trimmed) throw new VaultError('INPUT_ERROR', 'The operator name must not be empty.');
    this.store.setSetting(OPERATOR_SETTING, trimmed);
  }

  /** Appends a custody event with the vault's operator as the actor. */
  log(action: CustodyAction, event: { itemId?: string; caseId?: string; details: CustodyDetails }) {
    return appendEvent(this.store, { actor: this.operator, action, ...event });
  }

  /**
   * The raw SQLCipher key as hex, for a forensic examiner who opens vault.db with the official
   * sqlcipher shell. Handing it out is itself a custody event.
   */
  disclosedDatabaseKey(): string {
    if (!this.#subkeys) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    this.log('database_key.disclosed', { details: {} });
    return Buffer.from(this.#subkeys.dbKey).toString('hex');
  }

  /** True when `passphrase` opens this vault's header; nothing is changed either way. */
  async verifyPassphrase(passphrase: string): Promise<boolean> {
    try {
      wipe(await unlockWithPassphrase(this.#header, passphrase));
      return true;
    } catch (err) {
      if (err instanceof VaultError && err.code === 'WRONG_PASSPHRASE') return false;
      throw err;
    }
  }

  async changePassphrase(newPassphrase: string): Promise<void> {
    if (!this.#masterKey) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    const header = await rewrapForPassphrase(this.#header, this.#masterKey, newPassphrase);
    await writeHeader(this.paths.folder, header);
    this.#header = header;
    this.log('passphrase.changed', { details: {} });
  }

  /** Closes the database and wipes every key held in memory. Safe to call twice. */
  lock(): void {
    this.#store?.close();
    this.#store = null;
    if (this.#subkeys) wipe(this.#subkeys.dbKey, this.#subkeys.fileKeyWrapKey, this.#subkeys.signingSeed);
    wipe(this.#masterKey);
    this.#subkeys = null;
    this.#masterKey = null;
  }
}

async function assertEmptyOrAbsent(folder: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new VaultError('INPUT_ERROR', 'The vault location is a file, not a folder.');
    throw new VaultError('INPUT_ERROR', 'The vault folder cannot be read.');
  }
  if (entries.length > 0) throw new VaultError('VAULT_NOT_EMPTY', 'The folder is not empty: a new vault needs an empty folder.');
}

function defaultOperator(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'operator';
  }
}
