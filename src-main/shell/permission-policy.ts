/**
 * The one permission the app grants: writing text to the clipboard (the Copy buttons for hashes
 * and the recovery key), and only to the app's own page. Camera, microphone, geolocation,
 * notifications, clipboard reading and everything else stay denied.
 */
import { originOf } from './ipc-router.ts';

const ALLOWED = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, trustedOrigins: readonly string[]): boolean {
  return ALLOWED.has(permission) && requestingUrl !== undefined && trustedOrigins.includes(originOf(requestingUrl));
}
