/**
 * Exports a case as a filing package: a BagIt 1.0 bag (RFC 8493) holding each exhibit's shareable
 * copy, the exhibit list, the custody events with their chain hashes, the custody report (HTML and
 * PDF), VERIFY.md, and an SSHSIG signature over tagmanifest-sha256.txt by the vault's key.
 *
 * Exhibits whose copy is not 'stripped' are left out and listed. When a person recorded an
 * override for one (`shareable.override`: "share it as it is"), the ORIGINAL goes into
 * data/exhibits/ instead, marked as such in exhibits.csv and the report, because no clean copy
 * exists to send. Everything is written into a hidden folder next to --out and renamed at the end,
 * so a failed export never leaves a half package under the final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CasePersonView } from '../../../src-shared/types/cases.ts';
import { caseCustodyEvents, getCase, listExhibits } from '../cases/case-records.ts';
import { canonicalize } from '../custody/canonical.ts';
import { hashedFieldsOf, verifyChain } from '../custody/custody-log.ts';
import type { CustodyEventRow } from '../db/vault-store.ts';
import { throwIfCancelled, VaultError } from '../errors/vault-error.ts';
import { getItemDetail } from '../items/item-views.ts';
import { openStoredObject } from '../shareable/stored-content.ts';
import type { Vault } from '../vault/vault.ts';
import { hashFile } from '../verify/hash-file.ts';
import { encodeManifestPath, PUBLIC_KEY_FILE, SIGNATURE_FILE } from '../verify/verify-bag.ts';
import { inclusionOf } from './export-plan.ts';
import { renderReportHtml } from './report-html.ts';
import { mediaFacts } from './report-model.ts';
import type { ReportEvent, ReportExhibit, ReportIdentity, ReportModel } from './report-model.ts';
import { renderReportPdf } from './report-pdf.ts';
import { safeFileName } from './safe-name.ts';
import { signingKeyInfo, signWithVault } from './signing-key.ts';
import { renderVerifyMd } from './verify-md.ts';

export const ORGANIZATION_SETTING = 'sourceOrganization';
const DEFAULT_ORGANIZATION = 'Evidence Vault';

export type ExportCaseOptions = {
  caseRef: string;
  out: string;
  /** Also write the untouched originals (with their identifying metadata) under data/originals/. */
  originals?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** People whose protected identity the report includes; each one named on purpose, and logged. */
  identities?: readonly number[];
};

export type { ExportedExhibit, LeftOutExhibit, CaseExport } from '../../../src-shared/types/export.ts';
import type { ExportedExhibit, LeftOutExhibit, CaseExport } from '../../../src-shared/types/export.ts';

type Written = { sha256: string; size: number };

async function refuseNonEmpty(out: string): Promise<boolean> {
  const s = await stat(out).catch(() => null);
  if (!s) return false;
  if (!s.isDirectory()) throw new VaultError('INPUT_ERROR', 'The output path exists and is not a folder; nothing was written.');
  if ((await readdir(out)).length > 0) throw new VaultError('INPUT_ERROR', 'The output folder is not empty; a package is only written into a new or empty folder.');
  return true;
}

async function writeStored(vault: Vault, objectId: Uint8Array, expected: string, file: string, signal?: AbortSignal): Promise<Written> {
  const reader = await openStoredObject(vault, objectId);
  const out = await open(file, 'wx', 0o644);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of reader.createReadStream()) {
      throwIfCancelled(signal, 'export');
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
      await out.write(chunk as Buffer);
    }
    await out.sync();
  } finally {
    await out.close();
    await reader.close();
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== expected) throw new VaultError('CORRUPT_CONTENT', 'Stored content does not match its recorded SHA-256; the export was stopped.');
  return { sha256, size };
}

const toReportEvent = (r: CustodyEventRow): ReportEvent => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, hash: r.hash });

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(root, r)));
    else out.push(r);
  }
  return out.sort();
}

export async function exportCase(vault: Vault, options: ExportCaseOptions): Promise<CaseExport> {
  const out = path.resolve(options.out);
  const emptyExists = await refuseNonEmpty(out);
  const c = getCase(vault, options.caseRef, { exhibitLimit: 0 });
  const exhibits = [];
  for (let offset = 0; ; offset += 500) {
    const page = listExhibits(vault, c.id, offset, 500);
    exhibits.push(...page.rows);
    if (exhibits.length >= page.total || page.rows.length === 0) break;
  }
  const identities = requestedIdentities(vault, c.persons, options.identities ?? []);
  const chain = verifyChain(vault.store);
  if (!chain.ok) throw new VaultError('CORRUPT_CONTENT', `The custody log is broken (${chain.message}); run audit. No package was written.`);
  const key = signingKeyInfo(vault);
  const organization = vault.store.getSetting(ORGANIZATION_SETTING) ?? DEFAULT_ORGANIZATION;
  const exportedAt = new Date().toISOString();

  await mkdir(path.dirname(out), { recursive: true });
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.partial-${randomBytes(6).toString('hex')}`);
  await mkdir(path.join(temp, 'data', 'exhibits'), { recursive: true, mode: 0o755 });
  try {
    const total = exhibits.reduce((n, x) => n + x.size * (options.originals ? 2 : 1), 0);
    let done = 0;
    const tick = (n: number) => {
      done += n;
      options.onProgress?.(Math.min(done, total), total);
    };
    const included: ExportedExhibit[] = [];
    const leftOut: LeftOutExhibit[] = [];
    const reportExhibits: ReportExhibit[] = [];
    const csv = ['label,file,sha256_copy,sha256_original,type,size,ingested_at,included_as'];
    let originals = 0;
    for (const x of exhibits) {
      const item = vault.store.getItem(x.itemId)!;
      const detail = getItemDetail(vault, x.itemId);
      const { as, copy, latest, reason } = inclusionOf(vault, x.itemId);
      const fileName = safeFileName(`${x.label} - ${x.name}`);
      let file: string | null = null;
      let includedAs: 'copy' | 'original' | null = null;
      let note: string | null = null;
      let written: Written | null = null;
      if (as === 'copy') {
        file = `data/exhibits/${fileName}`;
        written = await writeStored(vault, latest!.objectId!, latest!.sha256!, path.join(temp, file), options.signal);
        includedAs = 'copy';
      } else if (as === 'original') {
        file = `data/exhibits/${fileName}`;
        written = await writeStored(vault, item.originalObject, item.sha256, path.join(temp, file), options.signal);
        includedAs = 'original';
        note = `No clean shareable copy (${copy!.status}); the original is included because ${copy!.override!.actor} overrode on ${copy!.override!.at}: ${copy!.override!.reason}`;
      } else {
        leftOut.push({ label: x.label, itemId: x.itemId, status: copy?.status ?? 'none', reason: reason! });
        note = `Left out: ${reason}. Record an override for this item to include it as it is.`;
      }
      tick(x.size);
      if (written && file && includedAs) included.push({ label: x.label, itemId: x.itemId, file, included: includedAs, sha256: written.sha256, size: written.size });
      if (options.originals) {
        await mkdir(path.join(temp, 'data', 'originals'), { recursive: true });
        await writeStored(vault, item.originalObject, item.sha256, path.join(temp, 'data', 'originals', fileName), options.signal);
        originals += 1;
        tick(x.size);
      }
      csv.push(
        [x.label, file, includedAs === 'copy' ? written!.sha256 : copy?.sha256 ?? null, x.sha256, x.mediaType, written?.size ?? x.size, item.ingestedAt, includedAs ?? 'left out']
          .map(csvField)
          .join(','),
      );
      reportExhibits.push({
        label: x.label,
        file,
        included: includedAs,
        note,
        description: x.description,
        name: x.name,
        mediaType: x.mediaType,
        size: x.size,
        originalSha256: x.sha256,
        copySha256: copy?.sha256 ?? null,
        proof: copy?.proof ?? null,
        removedCount: copy?.removed.length ?? 0,
        mediaFacts: mediaFacts(detail.metadata),
        ingestedAt: item.ingestedAt,
        operator: detail.operator,
        events: vault.store.listCustodyEvents({ itemId: x.itemId }).map(toReportEvent),
      });
    }

    // The custody events of the exported items and of the case, each with what its hash covers.
    const exportedIds = new Set(included.map((x) => x.itemId));
    const jsonl: string[] = [];
    for (const row of vault.store.iterateCustodyEvents()) {
      if (row.caseId !== c.id && !(row.itemId !== null && exportedIds.has(row.itemId))) continue;
      const fields = hashedFieldsOf(row);
      if (fields) jsonl.push(canonicalize({ ...fields, hash: row.hash }));
    }
    const caseEvents: ReportEvent[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = caseCustodyEvents(vault, c.id, offset, 1000);
      caseEvents.push(...page.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, hash: e.hash })));
      if (page.length < 1000) break;
    }

    const model: ReportModel = {
      caseNumber: c.number,
      title: c.title,
      forum: c.forum,
      jurisdiction: c.jurisdiction,
      status: c.status,
      description: c.description,
      persons: c.persons.map((p) => ({ pseudonym: p.pseudonym, roles: [...p.roles] })),
      identities,
      organization,
      exportedAt,
      exportedBy: vault.operator,
      head: chain.head,
      fingerprint: key.fingerprint,
      publicKey: key.publicKey,
      caseEvents,
      exhibits: reportExhibits,
    };
    await writeFile(path.join(temp, 'data', 'exhibits.csv'), `${csv.join('\r\n')}\r\n`);
    await writeFile(path.join(temp, 'data', 'custody-log.jsonl'), jsonl.map((l) => `${l}\n`).join(''));
    await writeFile(path.join(temp, 'data', 'custody-report.html'), renderReportHtml(model));
    await writeFile(path.join(temp, 'data', 'custody-report.pdf'), await renderReportPdf(model));

    // Manifests from what is on disk now, so they describe exactly the bytes in the package.
    const payload = await listFiles(temp, 'data');
    const sums: Record<string, string[]> = { sha256: [], sha512: [] };
    let octets = 0;
    for (const rel of payload) {
      const h = await hashFile(path.join(temp, rel), ['sha256', 'sha512'], undefined, options.signal);
      octets += (await stat(path.join(temp, rel))).size;
      sums['sha256']!.push(`${h['sha256']}  ${encodeManifestPath(rel)}\n`);
      sums['sha512']!.push(`${h['sha512']}  ${encodeManifestPath(rel)}\n`);
    }
    const payloadOxum = `${octets}.${payload.length}`;
    const bagInfo = [
      `Source-Organization: ${oneLine(organization)}`,
      `Bagging-Date: ${exportedAt.slice(0, 10)}`,
      `Payload-Oxum: ${payloadOxum}`,
      `External-Identifier: ${oneLine(c.number)}`,
      'Bag-Count: 1 of 1',
      `Internal-Sender-Identifier: ${oneLine(c.number)}/${exportedAt}`,
      `Internal-Sender-Description: Filing package for case ${oneLine(c.number)}: ${included.length} exhibit(s)` +
        `${leftOut.length ? `, ${leftOut.length} left out (see data/custody-report.html)` : ''}; shareable copies with identifying metadata removed` +
        `${options.originals ? ', plus the untouched originals under data/originals/' : ''}.`,
      `Evidence-Vault-Signing-Key: ${key.fingerprint}`,
      `Evidence-Vault-Signing-Identity: ${key.identity}`,
      `Evidence-Vault-Custody-Head: ${chain.head.seq} ${chain.head.hash}`,
    ];
    const tagFiles: Record<string, string> = {
      'bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
      'bag-info.txt': `${bagInfo.join('\n')}\n`,
      'manifest-sha256.txt': sums['sha256']!.join(''),
      'manifest-sha512.txt': sums['sha512']!.join(''),
      'VERIFY.md': renderVerifyMd({ caseNumber: c.number, identity: key.identity, fingerprint: key.fingerprint, head: chain.head }),
      [PUBLIC_KEY_FILE]: `${key.publicKey}\n`,
      allowed_signers: `${key.allowedSigners}\n`,
    };
    for (const [name, text] of Object.entries(tagFiles)) await writeFile(path.join(temp, name), text);
    const tagManifest = Object.entries(tagFiles)
      .map(([name, text]) => `${createHash('sha256').update(text).digest('hex')}  ${name}\n`)
      .join('');
    await writeFile(path.join(temp, 'tagmanifest-sha256.txt'), tagManifest);
    // The last moment a cancel is honoured: after this the package is complete and takes its name.
    throwIfCancelled(options.signal, 'export');
    await writeFile(path.join(temp, SIGNATURE_FILE), signWithVault(vault, Buffer.from(tagManifest)));

    if (emptyExists) await rmdir(out);
    await rename(temp, out);
    const tagManifestSha256 = createHash('sha256').update(tagManifest).digest('hex');
    vault.log('case.exported', {
      caseId: c.id,
      details: {
        to: out,
        payloadOxum,
        tagManifestSha256,
        signingKey: key.fingerprint,
        exhibits: included.map((x) => ({ item: x.itemId, label: x.label, as: x.included, sha256: x.sha256 })),
        leftOut: leftOut.map((x) => ({ item: x.itemId, label: x.label, status: x.status })),
        originals,
        ...(identities.length ? { identitiesIncluded: [...new Set(options.identities)] } : {}),
        custodyHead: chain.head.hash,
      },
    });
    return { out, caseNumber: c.number, exhibits: included, leftOut, originals, payloadOxum, tagManifestSha256, fingerprint: key.fingerprint, identity: key.identity, head: chain.head };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Each named person must be in the case and have an identity recorded; a request that cannot be honoured stops the export. */
function requestedIdentities(vault: Vault, persons: readonly CasePersonView[], ids: readonly number[]): ReportIdentity[] {
  return [...new Set(ids)].map((id) => {
    const person = persons.find((p) => p.id === id);
    if (!person) throw new VaultError('INPUT_ERROR', `Person ${id} is not in this case; no package was written.`);
    const block = vault.store.cases.readIdentity(id);
    if (!block) throw new VaultError('INPUT_ERROR', `Person ${id} has no protected identity recorded; no package was written.`);
    return { pseudonym: person.pseudonym, realName: block.realName, contacts: block.contacts, notes: block.notes };
  });
}
