import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveAppAsset } from '../../src-main/shell/app-assets.ts';

const root = path.resolve('/srv/app/renderer');
const resolve = (url: string) => resolveAppAsset(root, url, 'evidence-vault');

describe('app:// protocol assets', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolve('app://evidence-vault/')).toBe(path.join(root, 'index.html'));
    expect(resolve('app://evidence-vault/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolve('app://evidence-vault/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
  });

  it('refuses other hosts', () => {
    expect(resolve('app://elsewhere/index.html')).toBeNull();
  });

  it('never resolves outside the renderer folder, however the path is encoded', () => {
    const attempts = [
      'app://evidence-vault/%2e%2e/%2e%2e/etc/passwd',
      'app://evidence-vault/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://evidence-vault/a%5c..%5c..%5csecret',
      'app://evidence-vault/x%00.html',
      'app://evidence-vault/%E0%A4%A',
      'app://evidence-vault/..%252f..%252fetc/passwd',
    ];
    for (const url of attempts) {
      const file = resolve(url);
      if (file !== null) expect(file.startsWith(root + path.sep), url).toBe(true);
    }
    // Encoded separators and NULs are refused outright rather than normalised.
    expect(resolve('app://evidence-vault/assets/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolve('app://evidence-vault/a%5c..%5c..%5csecret')).toBeNull();
    expect(resolve('app://evidence-vault/x%00.html')).toBeNull();
  });

  it('has a CSP that allows only the app itself to run scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});
