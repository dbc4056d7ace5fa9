/**
 * Overwrites key material with zeros. JavaScript gives no guarantee that no other copy exists
 * (engines may move or copy buffers, and strings cannot be wiped at all), so this only shortens
 * the time a key sits in memory; it is still worth doing for every key we own.
 */
export function wipe(...keys: Array<Uint8Array | null | undefined>): void {
  for (const key of keys) key?.fill(0);
}
