/** Every migration, in order. Add a file `NNNN-name.ts` and append it here; never edit a shipped one. */
import type { Migration } from '../migrate.ts';
import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-shareable-copies.ts';
import { migration0003 } from './0003-case-records.ts';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003];
