/**
 * Validates a BagIt 1.0 bag (RFC 8493): bagit.txt, every manifest-<alg>.txt and
 * tagmanifest-<alg>.txt (paths percent-decoded per §2.1.3, LF or CRLF lines), completeness (no
 * missing and no extra payload files), Payload-Oxum, every hash, and — when the bag carries one —
 * the SSHSIG signature over tagmanifest-sha256.txt.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from './hash-file.ts';
import { countStatuses, SUPPORTED_ALGORITHMS, unsafePathReason, UnusableInput } from './report.ts';
import type { FileCheck, SignatureCheck, VerifyReport } from './report.ts';
import { fingerprint, parseOpenSshPublicKey, parseSshsig, SshsigFormatError, verifySshsig } from './sshsig.ts';

export type VerifyOptions = {
  onProgress?: (done: number, total: number) => void;
  /** A public key file published ahead of time; the signature must be by this key. */
  keyFile?: string;
  signal?: AbortSignal;
};

export const SIGNATURE_FILE = 'tagmanifest-sha256.txt.sig';
export const PUBLIC_KEY_FILE = 'evidence-vault.pub';

type Manifest = { alg: string; file: string; entries: Map<string, string> };

/** Decodes %0D, %0A and %25 (either case), the only encodings RFC 8493 §2.1.3 defines. */
export function decodeManifestPath(p: string): string {
  return p.replace(/%(0[dD]|0[aA]|25)/g, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
}

export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function lines(text: string): string[] {
  const out = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function parseManifest(text: string, alg: string, file: string, problems: string[]): Manifest {
  const entries = new Map<string, string>();
  const hexLength = SUPPORTED_ALGORITHMS[alg]!;
  lines(text.startsWith('\uFEFF') ? text.slice(1) : text).forEach((line, i) => {
    const where = `${file} line ${i + 1}`;
    if (line.trim() === '') {
      problems.push(`${where}: an empty line.`);
      return;
    }
    const m = /^([0-9A-Fa-f]+)[ \t]+(.*)$/.exec(line);
    if (!m || m[2]!.length === 0) {
      problems.push(`${where}: not "<checksum> <path>" (truncated or malformed line).`);
      return;
    }
    if (m[1]!.length !== hexLength) {
      problems.push(`${where}: the checksum has ${m[1]!.length} hex digits, ${alg} has ${hexLength} (truncated or malformed line).`);
      return;
    }
    // GNU sha256sum's binary-mode marker; BagIt itself never writes it.
    const raw = m[2]!.startsWith('*') ? m[2]!.slice(1) : m[2]!;
    const p = decodeManifestPath(raw);
    const unsafe = unsafePathReason(p);
    if (unsafe) {
      problems.push(`${where}: ${unsafe}; entry refused.`);
      return;
    }
    const key = p.normalize('NFC');
    if (entries.has(key)) {
      problems.push(`${where}: ${JSON.stringify(p)} is listed more than once.`);
      return;
    }
    entries.set(key, m[1]!.toLowerCase());
  });
  return { alg, file, entries };
}

async function walk(root: string, rel: string, out: Map<string, string>): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(root, r, out);
    else out.set(r.normalize('NFC'), r);
  }
}

export function parseBagInfo(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of lines(text)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1]![1] += ` ${line.trim()}`;
    else {
      const i = line.indexOf(':');
      if (i > 0) out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return out;
}

export async function isBag(dir: string): Promise<boolean> {
  return (await stat(path.join(dir, 'bagit.txt')).catch(() => null))?.isFile() ?? false;
}

export async function verifyBag(bag: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: string[] = [];
  const bagit = await readText(path.join(bag, 'bagit.txt'));
  if (bagit === null) throw new UnusableInput('Not a bag: there is no readable bagit.txt.');
  const declared = new Map(parseBagInfo(bagit));
  const version = declared.get('BagIt-Version');
  if (!version || !/^\d+\.\d+$/.test(version)) problems.push('bagit.txt: no valid BagIt-Version line.');
  else if (!['1.0', '0.97'].includes(version)) problems.push(`bagit.txt: BagIt-Version ${version} is not one this verifier knows (1.0, 0.97).`);
  const encoding = declared.get('Tag-File-Character-Encoding');
  if (!encoding) problems.push('bagit.txt: no Tag-File-Character-Encoding line.');
  else if (encoding.toUpperCase() !== 'UTF-8') problems.push(`bagit.txt: tag files are in ${encoding}; only UTF-8 is read.`);

  const onDisk = new Map<string, string>();
  await walk(bag, '', onDisk);
  const payload: Manifest[] = [];
  const tag: Manifest[] = [];
  for (const name of [...onDisk.values()].filter((n) => !n.includes('/')).sort()) {
    const m = /^(tag)?manifest-([A-Za-z0-9]+)\.txt$/.exec(name);
    if (!m) continue;
    const alg = m[2]!.toLowerCase();
    if (!(alg in SUPPORTED_ALGORITHMS)) {
      problems.push(`${name}: unknown checksum algorithm "${m[2]}"; that manifest cannot be checked.`);
      continue;
    }
    const manifest = parseManifest((await readText(path.join(bag, name))) ?? '', alg, name, problems);
    (m[1] ? tag : payload).push(manifest);
  }
  if (payload.length === 0) problems.push('The bag has no payload manifest (manifest-<algorithm>.txt) that can be checked.');
  for (const m of payload) {
    for (const p of m.entries.keys()) if (!p.startsWith('data/')) problems.push(`${m.file}: ${JSON.stringify(p)} is outside data/.`);
  }
  for (const m of tag) {
    for (const p of m.entries.keys()) if (p.startsWith('data/')) problems.push(`${m.file}: ${JSON.stringify(p)} is a payload file, not a tag file.`);
  }

  // What to hash: every listed file with all algorithms that list it.
  type Job = { path: string; kind: 'payload' | 'tag'; expected: Map<string, string> };
  const jobs = new Map<string, Job>();
  const add = (manifests: Manifest[], kind: 'payload' | 'tag') => {
    for (const m of manifests)
      for (const [p, hex] of m.entries) {
        const job = jobs.get(p) ?? { path: p, kind, expected: new Map<string, string>() };
        job.expected.set(m.alg, hex);
        jobs.set(p, job);
      }
  };
  add(payload, 'payload');
  add(tag, 'tag');
  for (const m of payload) {
    for (const p of jobs.keys())
      if (jobs.get(p)!.kind === 'payload' && !m.entries.has(p)) problems.push(`${m.file}: ${JSON.stringify(p)} is not listed here although another payload manifest lists it.`);
  }

  const files: FileCheck[] = [];
  const present: Job[] = [];
  let total = 0;
  const sizes = new Map<string, number>();
  for (const job of jobs.values()) {
    const real = onDisk.get(job.path);
    if (real === undefined) files.push({ path: job.path, kind: job.kind, status: 'missing' });
    else {
      const s = await stat(path.join(bag, real));
      sizes.set(job.path, s.size);
      total += s.size;
      present.push(job);
    }
  }
  for (const p of onDisk.keys()) {
    if (p.startsWith('data/') && payload.length > 0 && !jobs.has(p)) files.push({ path: p, kind: 'payload', status: 'extra' });
  }

  let done = 0;
  options.onProgress?.(0, total);
  for (const job of present) {
    const actual = await hashFile(path.join(bag, onDisk.get(job.path)!), [...job.expected.keys()], (n) => {
      done += n;
      options.onProgress?.(done, total);
    }, options.signal);
    const failed = [...job.expected].filter(([alg, hex]) => actual[alg] !== hex).map(([alg]) => alg);
    files.push(failed.length ? { path: job.path, kind: job.kind, status: 'mismatched', failed } : { path: job.path, kind: job.kind, status: 'ok' });
  }

  const info = await readText(path.join(bag, 'bag-info.txt'));
  const oxum = info === null ? undefined : parseBagInfo(info).find(([k]) => k === 'Payload-Oxum')?.[1];
  if (oxum !== undefined) {
    const m = /^(\d+)\.(\d+)$/.exec(oxum);
    let octets = 0;
    let streams = 0;
    for (const [p, real] of onDisk)
      if (p.startsWith('data/')) {
        octets += sizes.get(p) ?? (await stat(path.join(bag, real))).size;
        streams += 1;
      }
    if (!m) problems.push(`bag-info.txt: Payload-Oxum "${oxum}" is not <octets>.<files>.`);
    else if (Number(m[1]) !== octets || Number(m[2]) !== streams)
      problems.push(`bag-info.txt: Payload-Oxum says ${m[1]} bytes in ${m[2]} files; the payload holds ${octets} bytes in ${streams} files.`);
  }

  const signature = await checkSignature(bag, options.keyFile);
  files.sort((a, b) => (a.kind === b.kind ? (a.path < b.path ? -1 : 1) : a.kind === 'payload' ? -1 : 1));
  const counts = countStatuses(files);
  const sigOk = signature.status === 'absent' || signature.status === 'valid';
  return {
    kind: 'bag',
    ok: problems.length === 0 && counts.missing + counts.extra + counts.mismatched === 0 && sigOk,
    algorithms: [...new Set([...payload, ...tag].map((m) => m.alg))],
    files,
    problems,
    signature,
    counts,
  };
}

async function checkSignature(bag: string, keyFile?: string): Promise<SignatureCheck> {
  const armored = await readText(path.join(bag, SIGNATURE_FILE));
  if (armored === null) {
    if (keyFile) return { status: 'no_key', message: `A key was given but the bag has no ${SIGNATURE_FILE}.` };
    return { status: 'absent' };
  }
  let parsed;
  try {
    parsed = parseSshsig(armored);
  } catch (err) {
    if (err instanceof SshsigFormatError) return { status: 'invalid', message: `${SIGNATURE_FILE}: ${err.message}` };
    throw err;
  }
  const signer = fingerprint(parsed.publicKey);
  const keyPath = keyFile ?? path.join(bag, PUBLIC_KEY_FILE);
  const keyText = await readText(keyPath);
  if (keyText === null) {
    return { status: 'no_key', fingerprint: signer, message: `The bag is signed but ${keyFile ? 'the given key file' : PUBLIC_KEY_FILE} cannot be read, so the signer cannot be checked.` };
  }
  const key = parseOpenSshPublicKey(keyText);
  if (!key) return { status: 'no_key', fingerprint: signer, message: `${keyFile ? 'The given key file' : PUBLIC_KEY_FILE} holds no ssh-ed25519 public key.` };
  if (fingerprint(key) !== signer) {
    return { status: 'invalid', fingerprint: signer, message: `The signature was made by ${signer}, not by the key ${fingerprint(key)}.` };
  }
  const message = await readFile(path.join(bag, 'tagmanifest-sha256.txt')).catch(() => null);
  if (message === null) return { status: 'invalid', fingerprint: signer, message: 'The signed tagmanifest-sha256.txt is missing.' };
  if (!verifySshsig(parsed, message)) return { status: 'invalid', fingerprint: signer, message: 'The signature does not match tagmanifest-sha256.txt (or was made for another namespace).' };
  return { status: 'valid', fingerprint: signer, keyFile: keyFile ? path.resolve(keyFile) : PUBLIC_KEY_FILE };
}
