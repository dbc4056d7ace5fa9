/**
 * Schema migrations. Each migration is a numbered file under ./migrations; the database records the
 * last one applied in `PRAGMA user_version`. All pending migrations run in ONE transaction, so a
 * vault is either on its old schema or on the newest one, never in between.
 */
import { VaultError } from '../errors/vault-error.ts';
import type { SqliteDatabase } from './open-database.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type Migration = {
  /** 1, 2, 3, …: equal to the file's number and to the user_version it leaves behind. */
  readonly version: number;
  readonly name: string;
  /**
   * Runs inside the migration transaction. It must not change `foreign_keys` (a no-op inside a
   * transaction); a table rebuild uses `PRAGMA defer_foreign_keys = ON` instead. Foreign keys are
   * checked for the whole database before the transaction commits.
   */
  readonly up: (db: SqliteDatabase) => void;
};

export type MigrationOutcome = { from: number; to: number; applied: number[] };

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The newest schema this code knows. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : (migrations[migrations.length - 1] as Migration).version;
}

/**
 * Brings the database to the newest schema. Throws VaultError('DB_TOO_NEW') for a database written
 * by a newer version of the app, before touching it.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  checkMigrationList(migrations);
  const from = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (from > latest) {
    throw new VaultError(
      'DB_TOO_NEW',
      'This vault was written by a newer version of Evidence Vault. Update the app to open it.',
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };

  const applyAll = db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      // user_version lives in page 1, so it commits or rolls back with the schema changes.
      db.pragma(`user_version = ${migration.version}`);
    }
    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error('A migration left rows that violate foreign keys.');
  });
  applyAll.exclusive();
  return { from, to: latest, applied: pending.map((m) => m.version) };
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration list is out of order: position ${index + 1} holds version ${migration.version}.`);
    }
  });
}
