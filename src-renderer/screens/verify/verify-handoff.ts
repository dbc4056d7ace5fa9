/**
 * A path handed from one screen to the Verify screen, which takes it once. Kept in memory rather
 * than in the URL: a package's folder name can say more than it should, and URLs get remembered.
 */
let pending: string | null = null;

export function verifyNext(path: string): void {
  pending = path;
}

export function takeVerifyTarget(): string | null {
  const path = pending;
  pending = null;
  return path;
}
