/**
 * Export, Verify, the signing key and "verify this vault" in the app (issue #6): a case's package
 * is planned (the unsupported file left out with its reason, then included by override), written
 * with the originals after a warning, checked independently with Debian's sha256sum and
 * ssh-keygen, verified in the app (also after a flipped byte, and while the vault is locked), and
 * the vault's own audit is recorded in the custody log.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { addPerson, createCase, custodyLog, exportCase, ingestPaths, linkItems, overrideShareable, signingKeyInfo } from '../../src-main/core/index.ts';
import { makeJpeg } from './evidence.ts';
import { expect, test } from './fixtures.ts';
import { AppFramePage } from './pages/AppFrame.ts';
import { ExportPage } from './pages/ExportPage.ts';
import { ImportPage } from './pages/ImportPage.ts';
import { SettingsPage } from './pages/SettingsPage.ts';
import { VaultPage } from './pages/VaultPage.ts';
import { VerifyPage } from './pages/VerifyPage.ts';

const run = promisify(execFile);
const PASSPHRASE = 'granite meadow lantern copper estuary';
const CASE_NUMBER = 'ECHR-2024-117';
const REAL_NAME = 'Olena Hrytsenko';

/** Exit code of a command run in a folder (0 when it succeeded). */
async function exitCode(command: string, args: string[], options: { cwd: string; input?: Buffer }): Promise<{ code: number; output: string }> {
  const child = spawn(command, args, { cwd: options.cwd, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  // A command may exit before reading all of its input; the exit code says what it found.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, output };
}

test('export a case with an override and originals, check the bag with Debian tools, verify it in the app, audit the vault', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const frame = new AppFramePage(page);
  const vault = new VaultPage(page);
  const exporter = new ExportPage(page);
  const verifier = new VerifyPage(page);
  const evidence = path.join(app.workDir, 'evidence');
  const photo = await makeJpeg(path.join(evidence, 'checkpoint.jpg'), { latitude: 50.4501, longitude: 30.5234, artist: 'Witness K' });
  const blob = path.join(evidence, 'blob.bin');
  await writeFile(blob, randomBytes(8192));

  // A vault created through the UI.
  await frame.open();
  app.dialogs.folder = path.join(app.workDir, 'vault');
  await vault.createChoose.click();
  await vault.createOperator.fill('Investigator Koval');
  await vault.fillCreate(PASSPHRASE);
  await vault.createSubmit.click();
  await expect(vault.recoveryGroups).toHaveCount(8);
  const lastGroup = (await vault.recoveryKeyText()).split('-').at(-1)!;
  await vault.recoveryWritten.check();
  await vault.recoveryContinue.click();
  await vault.recoveryLastGroup.fill(lastGroup);
  await vault.recoveryFinish.click();
  await expect(frame.heading()).toHaveText('Vault');

  // Both files through the import screen.
  await frame.link('Import').click();
  const importer = new ImportPage(page);
  app.dialogs.importPaths = [photo, blob];
  await importer.chooseFiles.click();
  await expect(importer.state).toHaveText('Finished');
  await expect(importer.count('ingested')).toHaveText('2');
  const photoId = (await importer.result('checkpoint.jpg').locator('a.mono').textContent())!;
  const blobId = (await importer.result('blob.bin').locator('a.mono').textContent())!;

  // The case, its exhibits and a witness with a protected identity, straight through the core.
  const v = app.session.vault();
  const created = createCase(v, { number: CASE_NUMBER, title: 'Detention at the Kyiv checkpoint' });
  linkItems(v, created.id, [photoId, blobId]);
  addPerson(v, created.id, { pseudonym: 'Witness K', role: 'witness', identity: { realName: REAL_NAME, contacts: '+380 44 000 0000' } });

  // The plan: the photo goes in as its clean copy, the .bin is left out and says why.
  await frame.link('Export').click();
  await exporter.caseLink(CASE_NUMBER).click();
  await expect(frame.heading()).toHaveText(`Export case ${CASE_NUMBER}`);
  await expect(exporter.planRows).toHaveCount(2);
  await expect(exporter.row('EX-001')).toContainText('checkpoint.jpg');
  await expect(exporter.inclusion('EX-001')).toHaveAttribute('data-as', 'copy');
  await expect(exporter.inclusion('EX-001')).toHaveText('shareable copy');
  await expect(exporter.row('EX-002')).toContainText('blob.bin');
  await expect(exporter.inclusion('EX-002')).toHaveAttribute('data-as', 'left-out');
  await expect(exporter.inclusion('EX-002')).toContainText('left out');
  await expect(exporter.inclusion('EX-002')).toContainText('Shareable copies of this kind of file cannot be made yet.');
  await expect(exporter.count('left-out')).toHaveText('1');
  // The witness's identity stays out unless someone ticks it.
  await expect(exporter.identity('Witness K')).not.toBeChecked();
  await expect(exporter.identityWarning).toHaveCount(0);
  await app.screenshot('export-plan');

  // Including the .bin as it is needs a reason, and then it goes in as its original.
  await exporter.includeAsIs('EX-002').click();
  await expect(exporter.overrideReason).toBeFocused();
  await expect(exporter.overrideForm).toContainText('GPS position');
  await exporter.overrideSubmit.click();
  await expect(exporter.overrideForm).toContainText('Say why the exhibit may be shared as it is.');
  await exporter.overrideReason.fill('Raw recorder samples checked by hand: no header, no tags.');
  await exporter.overrideSubmit.click();
  await expect(exporter.inclusion('EX-002')).toHaveAttribute('data-as', 'original');
  await expect(exporter.inclusion('EX-002')).toContainText('original, by override');
  await expect(exporter.inclusion('EX-002')).toContainText('Raw recorder samples checked by hand');
  await expect(exporter.planNotice).toHaveText('EX-002 will go in as its original. The decision is recorded in the custody log.');
  await expect(exporter.count('left-out')).toHaveText('0');
  await expect(exporter.count('original')).toHaveText('1');
  expect(custodyLog(v).filter((e) => e.action === 'shareable.override' && e.itemId === blobId)).toHaveLength(1);

  // Originals only after a warning naming what they carry; Cancel leaves the box unticked.
  await exporter.originals.click();
  await expect(exporter.originalsWarning).toBeVisible();
  await expect(exporter.originalsWarning).toContainText('GPS positions');
  await expect(exporter.originalsWarning).toContainText('serial numbers');
  await expect(exporter.originalsWarning).toContainText('names of authors');
  await expect(exporter.originalsCancel).toBeFocused();
  await exporter.originalsCancel.click();
  await expect(exporter.originalsWarning).toBeHidden();
  await expect(exporter.originals).not.toBeChecked();
  await exporter.originals.click();
  await app.screenshot('export-originals-warning');
  await exporter.originalsConfirm.click();
  await expect(exporter.originals).toBeChecked();
  await expect(exporter.originalsHelp).toContainText('every original with all its metadata');

  // A folder that is not empty is refused with the core's reason; nothing is written into it.
  const occupied = path.join(app.workDir, 'occupied');
  await mkdir(occupied);
  await writeFile(path.join(occupied, 'notes.txt'), 'keep me\n');
  app.dialogs.folder = occupied;
  await exporter.chooseFolder.click();
  await expect(exporter.destination).toHaveValue(occupied);
  await exporter.start.click();
  await expect(exporter.progressState).toHaveText('Failed');
  await expect(exporter.error).toContainText('The output folder is not empty');
  expect(await readdir(occupied)).toEqual(['notes.txt']);

  // The package, into a new folder.
  const bag = path.join(app.workDir, 'packages', 'echr-2024-117');
  app.dialogs.folder = bag;
  await exporter.chooseFolder.click();
  await exporter.start.click();
  await expect(exporter.summary).toBeVisible();
  await expect(exporter.summary).toContainText(`Package for case ${CASE_NUMBER} written`);
  await expect(exporter.summaryFolder).toHaveText(bag);
  await expect(exporter.summaryExhibits).toHaveText('2 in all: shareable copies 1, originals by override 1');
  await expect(exporter.summaryLeftOutCount).toHaveText('0');
  await expect(exporter.summaryOriginals).toHaveText('2, under data/originals/');
  await expect(exporter.summaryFingerprint).toHaveText(/^SHA256:[A-Za-z0-9+/]{43}$/);
  const fingerprint = (await exporter.summaryFingerprint.textContent())!;
  const identity = (await exporter.summaryIdentity.textContent())!;
  expect(identity).toMatch(/@evidence-vault$/);
  const bagInfo = await readFile(path.join(bag, 'bag-info.txt'), 'utf8');
  const oxum = /^Payload-Oxum: (\S+)$/m.exec(bagInfo)![1]!;
  await expect(exporter.summaryOxum).toHaveText(oxum);
  await app.screenshot('export-done');

  // What is on disk: copies and overridden originals, the originals folder, no real name anywhere.
  const exhibitFiles = (await readdir(path.join(bag, 'data', 'exhibits'))).sort();
  expect(exhibitFiles).toEqual(['EX-001 - checkpoint.jpg', 'EX-002 - blob.bin']);
  expect((await readdir(path.join(bag, 'data', 'originals'))).sort()).toEqual(['EX-001 - checkpoint.jpg', 'EX-002 - blob.bin']);
  expect(await readFile(path.join(bag, 'data', 'exhibits', 'EX-002 - blob.bin'))).toEqual(await readFile(blob));
  expect(await readFile(path.join(bag, 'data', 'custody-report.html'), 'utf8')).not.toContain(REAL_NAME);

  // Debian's own tools agree: every checksum holds and the signature is the vault key's.
  const sums = await exitCode('sha256sum', ['--quiet', '-c', 'manifest-sha256.txt'], { cwd: bag });
  expect(sums.code, sums.output).toBe(0);
  const publicKey = (await readFile(path.join(bag, 'evidence-vault.pub'), 'utf8')).trim();
  const signers = path.join(app.workDir, 'allowed_signers');
  await writeFile(signers, `${identity} ${publicKey}\n`);
  const tagManifest = await readFile(path.join(bag, 'tagmanifest-sha256.txt'));
  const signature = await exitCode('ssh-keygen', ['-Y', 'verify', '-f', signers, '-I', identity, '-n', 'evidence-vault', '-s', 'tagmanifest-sha256.txt.sig'], { cwd: bag, input: tagManifest });
  expect(signature.code, signature.output).toBe(0);
  expect(signature.output).toContain(`Good "evidence-vault" signature for ${identity}`);
  const keygenFingerprint = (await run('ssh-keygen', ['-l', '-f', path.join(bag, 'evidence-vault.pub')])).stdout.split(' ')[1];
  expect(keygenFingerprint).toBe(fingerprint);

  // "Verify this package" opens Verify on that folder and checks it at once.
  await exporter.verifyPackage.click();
  await expect(frame.heading()).toHaveText('Verify a package');
  await expect(page).toHaveURL(/#\/verify$/);
  await expect(verifier.target).toHaveText(bag);
  await expect(verifier.verdict).toHaveAttribute('data-ok', 'true');
  await expect(verifier.verdict).toContainText('Everything holds');
  await expect(verifier.progressState).toHaveText('Finished');
  await expect(verifier.signature).toHaveAttribute('data-status', 'valid');
  await expect(verifier.signature).toContainText('Signature valid');
  await expect(verifier.fingerprint).toHaveText(fingerprint);
  await expect(verifier.count('mismatched')).toHaveText('0');
  await expect(verifier.file('data/exhibits/EX-001 - checkpoint.jpg')).toHaveAttribute('data-status', 'ok');
  await expect(verifier.file('manifest-sha256.txt')).toHaveAttribute('data-status', 'ok');
  await app.screenshot('verify-ok');

  // The report, saved where the save dialog says.
  const reportFile = path.join(app.workDir, 'verification-report.txt');
  app.dialogs.savePath = reportFile;
  await verifier.saveReport.click();
  await expect(verifier.saved).toHaveText(`Report saved to ${reportFile}.`);
  const report = await readFile(reportFile, 'utf8');
  expect(report).toContain(`Checked:  ${bag}`);
  expect(report).toContain('Result:   everything holds');
  expect(report).toContain(`signature  valid, by ${fingerprint}`);
  expect(report).toMatch(/^ok {9}data\/exhibits\/EX-002 - blob\.bin$/m);
  expect(report).toMatch(/^OK: \d+ ok, 0 missing, 0 extra, 0 mismatched/m);

  // One flipped byte in an exhibit: the app names the file and both algorithms, and so does sha256sum.
  const flipped = path.join(bag, 'data', 'exhibits', 'EX-001 - checkpoint.jpg');
  const original = await readFile(flipped);
  const damaged = Buffer.from(original);
  damaged[200] = damaged[200]! ^ 0x01;
  await writeFile(flipped, damaged);
  app.dialogs.folder = bag;
  await verifier.chooseFolder.click();
  await expect(verifier.verdict).toHaveAttribute('data-ok', 'false');
  await expect(verifier.verdict).toContainText('Problems found');
  await expect(verifier.verdict).toContainText('mismatched: 1');
  const bad = verifier.file('data/exhibits/EX-001 - checkpoint.jpg');
  await expect(bad).toHaveAttribute('data-status', 'mismatched');
  await expect(bad).toContainText('checksum differs: sha256, sha512');
  // Problems first.
  await expect(verifier.files.first()).toHaveAttribute('data-path', 'data/exhibits/EX-001 - checkpoint.jpg');
  await expect(verifier.count('mismatched')).toHaveText('1');
  // The signature covers the tag files, which did not change.
  await expect(verifier.signature).toHaveAttribute('data-status', 'valid');
  await app.screenshot('verify-mismatch');
  const sumsAfter = await exitCode('sha256sum', ['--quiet', '-c', 'manifest-sha256.txt'], { cwd: bag });
  expect(sumsAfter.code).not.toBe(0);
  expect(sumsAfter.output).toContain('data/exhibits/EX-001 - checkpoint.jpg: FAILED');
  await writeFile(flipped, original);

  // Settings shows the same key, ready to publish.
  await frame.link('Settings').click();
  const settings = page.getByTestId('signing-key');
  await expect(settings.getByTestId('signing-fingerprint')).toHaveText(fingerprint);
  await expect(settings.getByTestId('signing-public-key')).toHaveText(publicKey);
  await expect(settings.getByTestId('signing-allowed-signers')).toHaveText(new RegExp(`^${identity} namespaces="evidence-vault" ssh-ed25519 `));
  await expect(settings.getByRole('button', { name: 'Copy fingerprint' })).toBeVisible();
  await settings.scrollIntoViewIfNeeded();
  await app.screenshot('settings-signing-key');

  // The vault's own audit: every object re-hashed, the chain walked, and the check recorded.
  await frame.link('Vault').click();
  const audit = page.getByTestId('vault-audit');
  await audit.getByRole('button', { name: 'Verify this vault' }).click();
  await expect(page.getByTestId('audit-progress-state')).toHaveText('Finished');
  const figure = (await page.getByTestId('audit-progress-figure').textContent())!;
  const [checked, total] = figure.split(' of ');
  expect(checked).toBe(total);
  await expect(page.getByTestId('audit-verdict')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-verdict')).toContainText('Everything holds');
  await expect(page.getByTestId('audit-verdict')).toContainText('This check was recorded in the custody log.');
  await expect(page.getByTestId('audit-items')).toHaveText('2');
  const runs = custodyLog(v).filter((e) => e.action === 'audit.run');
  expect(runs).toHaveLength(1);
  // The head the audit checked is the event just before its own.
  await expect(page.getByTestId('audit-head')).toHaveText(`#${runs[0]!.seq - 1} ${runs[0]!.prevHash}`);
  await app.screenshot('vault-audit');

  // The plan in Russian: the override's reason stays as written, the rest is translated.
  await frame.link('Settings').click();
  await new SettingsPage(page).language.selectOption('ru');
  await frame.link('Экспорт').click();
  await exporter.caseLink(CASE_NUMBER).click();
  await expect(frame.heading()).toHaveText(`Экспорт дела ${CASE_NUMBER}`);
  // The last export's summary stays until the person turns to a new one.
  await expect(exporter.summary).toBeVisible();
  await page.getByRole('button', { name: 'Экспортировать ещё раз' }).click();
  await expect(exporter.inclusion('EX-001')).toHaveText('копия для передачи');
  // A new package starts without originals: they need the warning again.
  await expect(exporter.originals).not.toBeChecked();
  await expect(exporter.inclusion('EX-002')).toContainText('оригинал по решению');
  await app.screenshot('export-plan-ru');

  // Locked: Verify still works (auditors have no vault), here in Russian, by drop.
  await frame.lockButton.click();
  await expect(frame.vaultBadge).toContainText('Хранилище заблокировано');
  await frame.link('Проверка').click();
  await verifier.drop(path.relative(app.workDir, bag));
  await expect(verifier.verdict).toHaveAttribute('data-ok', 'true');
  await expect(verifier.verdict).toContainText('Всё сходится');
  await expect(verifier.signature).toContainText('Подпись верна');
  await expect(verifier.fingerprint).toHaveText(fingerprint);
  await app.screenshot('verify-locked-ru');
  await frame.link('Настройки').click();
  await new SettingsPage(page).language.selectOption('en');
});

test('a running export survives leaving the screen, blocks a second one, can be cancelled and leaves nothing; a left-out exhibit is listed with its reason', async ({ app }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const frame = new AppFramePage(page);
  const exporter = new ExportPage(page);
  const recordings = path.join(app.workDir, 'recordings');
  await mkdir(recordings);
  const block = randomBytes(1 << 20);
  const big: string[] = [];
  for (let i = 0; i < 3; i++) {
    const file = path.join(recordings, `recorder-${i}.raw`);
    await writeFile(file, Buffer.concat([Buffer.from(`recorder ${i}\n`), ...Array<Buffer>(40).fill(block)]));
    big.push(file);
  }
  const stray = path.join(recordings, 'unknown.dat');
  await writeFile(stray, randomBytes(4096));
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Investigator Koval');
  const v = app.session.vault();
  const outcomes = await ingestPaths(v, [...big, stray]);
  const idOf = (file: string) => outcomes.find((o) => o.path === file)!.id!;
  for (const file of big) overrideShareable(v, idOf(file), 'Raw audio without a header, checked by hand.');
  const created = createCase(v, { number: 'HRC-77', title: 'Recordings from the hearing' });
  linkItems(v, created.id, [...big.map(idOf), idOf(stray)]);
  const other = createCase(v, { number: 'HRC-78', title: 'Statements' });

  await frame.open(`export/${created.id}`);
  await expect(exporter.inclusion('EX-004')).toHaveAttribute('data-as', 'left-out');
  await exporter.originals.click();
  await exporter.originalsConfirm.click();
  const out = path.join(app.workDir, 'packages', 'hrc-77');
  await exporter.destination.fill(out);
  await exporter.start.click();
  await expect(exporter.progressState).toHaveText('Exporting…');
  // Bytes: every exhibit once and, with the originals, once more.
  await expect(page.getByTestId('export-progress-figure')).toHaveText(/^\d+ MB of 240 MB$/);
  // The export goes on while the person looks elsewhere; another case cannot start one meanwhile.
  // In-app navigation (a reload would start a new renderer): through the address's hash, as links do.
  await page.evaluate((id) => (window.location.hash = `#/export/${id}`), other.id);
  await expect(page.getByTestId('export-other-running')).toContainText('An export of case HRC-77 is running');
  await expect(exporter.start).toBeDisabled();
  await page.getByTestId('export-other-running').getByRole('link', { name: 'See its progress' }).click();
  await expect(exporter.progressState).toHaveText('Exporting…');
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(exporter.progressState).toHaveText('Cancelled');
  await expect(page.getByTestId('export-progress')).toContainText('nothing was written to the destination folder');
  expect(existsSync(out)).toBe(false);
  expect(await readdir(path.join(app.workDir, 'packages'))).toEqual([]);
  await app.screenshot('export-cancelled');

  // Without the originals this time, to the end: the left-out file is named with its reason.
  // (The form kept the cancelled export's choices through the visit elsewhere.)
  await expect(exporter.destination).toHaveValue(out);
  await exporter.originals.click();
  await expect(exporter.originals).not.toBeChecked();
  await exporter.start.click();
  await expect(exporter.summary).toBeVisible();
  await expect(exporter.summaryExhibits).toHaveText('3 in all: shareable copies 0, originals by override 3');
  await expect(exporter.summaryLeftOutCount).toHaveText('1');
  await expect(exporter.summaryOriginals).toHaveText('none');
  await expect(page.getByTestId('summary-left-out')).toHaveText('EX-004 — Shareable copies of this kind of file cannot be made yet.');
  expect((await readdir(path.join(out, 'data', 'exhibits'))).sort()).toEqual(['EX-001 - recorder-0.raw', 'EX-002 - recorder-1.raw', 'EX-003 - recorder-2.raw']);
  expect(existsSync(path.join(out, 'data', 'originals'))).toBe(false);
  const sums = await exitCode('sha256sum', ['--quiet', '-c', 'manifest-sha256.txt'], { cwd: out });
  expect(sums.code, sums.output).toBe(0);
  await app.screenshot('export-done-left-out');
});

test('an auditor checks the signature against the key the sender published, not the one in the package', async ({ app }) => {
  const { page } = app;
  const frame = new AppFramePage(page);
  const verifier = new VerifyPage(page);
  const statement = path.join(app.workDir, 'statement.txt');
  await writeFile(statement, 'Statement of witness W-4\n');
  await app.session.create(path.join(app.workDir, 'vault'), PASSPHRASE, 'Lawyer Aliyeva');
  const v = app.session.vault();
  const [outcome] = await ingestPaths(v, [statement]);
  const created = createCase(v, { number: 'UNCAT-12', title: 'Statement' });
  linkItems(v, created.id, [outcome!.id!]);
  const bag = path.join(app.workDir, 'package');
  await exportCase(v, { caseRef: created.id, out: bag });
  // What the sender published on its website beforehand, and someone else's key.
  const published = path.join(app.workDir, 'published.pub');
  await writeFile(published, `${signingKeyInfo(v).publicKey}\n`);
  const fingerprint = signingKeyInfo(v).fingerprint;
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'someone else', '-f', path.join(app.workDir, 'other')]);
  await app.session.lock();

  await frame.open('verify');
  app.dialogs.keyFile = published;
  await verifier.chooseKey.click();
  await expect(verifier.keyFile).toHaveText(published);
  app.dialogs.folder = bag;
  await verifier.chooseFolder.click();
  await expect(verifier.verdict).toHaveAttribute('data-ok', 'true');
  await expect(verifier.signature).toHaveAttribute('data-status', 'valid');
  await expect(verifier.signature).toContainText('checked against the key you chose');
  await expect(verifier.signature).toContainText(published);
  await expect(verifier.fingerprint).toHaveText(fingerprint);
  await app.screenshot('verify-published-key');

  // Another key: the files still hold, but the package was not signed by its holder.
  app.dialogs.keyFile = path.join(app.workDir, 'other.pub');
  await verifier.chooseKey.click();
  await verifier.chooseFolder.click();
  await expect(verifier.signature).toHaveAttribute('data-status', 'invalid');
  await expect(verifier.signature).toContainText(`The signature was made by ${fingerprint}`);
  await expect(verifier.verdict).toHaveAttribute('data-ok', 'false');

  // Back to the package's own key: valid, with the advice to compare fingerprints.
  await verifier.clearKey.click();
  await expect(verifier.keyFile).toHaveCount(0);
  await verifier.chooseFolder.click();
  await expect(verifier.signature).toHaveAttribute('data-status', 'valid');
  await expect(verifier.signature).toContainText('Compare the fingerprint with the one the sender published');
});
