import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from '../../src-main/shell/permission-policy.ts';

const APP = ['app://evidence-vault'];

describe('permission policy', () => {
  it('lets only the app page write to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://evidence-vault/index.html', APP)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, APP)).toBe(false);
  });

  it('denies everything else, even to the app page', () => {
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb', 'fileSystem']) {
      expect(isPermissionAllowed(permission, 'app://evidence-vault/index.html', APP), permission).toBe(false);
    }
  });
});
