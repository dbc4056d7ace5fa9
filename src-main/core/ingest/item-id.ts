import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Short random item ids that people can read aloud and type: 'ITM-' and 10 Crockford base32
 * characters (50 bits). Random, so an id says nothing about the order or time of import.
 */
export function newItemId(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `ITM-${out}`;
}
