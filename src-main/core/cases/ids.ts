import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Case ids look like item ids ('CAS-' and 10 Crockford base32 characters): stable while the number may change. */
export function newCaseId(): string {
  let out = '';
  for (const b of randomBytes(10)) out += CROCKFORD[b & 31];
  return `CAS-${out}`;
}
