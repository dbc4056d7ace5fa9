/**
 * The core's public entry. The shell, the API layer and the CLI import only this file;
 * everything behind it is internal and may change shape freely.
 */
export { VaultError, toAppError } from './errors/vault-error.ts';
export { getDiagnostics } from './diagnostics.ts';
export type { HostVersions } from './diagnostics.ts';
export { Vault, DEFAULT_KDF_PARAMS, KDF_PARAMS_FOR_TESTS } from './vault/vault.ts';
export type { CreateVaultOptions, KdfParams } from './vault/vault.ts';
export { ingestPaths } from './ingest/ingest.ts';
export type { IngestOutcome, IngestProgress, IngestOptions } from './ingest/ingest.ts';
export { auditVault } from './audit/audit.ts';
export type { AuditReport, AuditProblem } from './audit/audit.ts';
export { listItems, getItemDetail, custodyLog } from './items/item-views.ts';
export { closeExiftool } from './metadata/exiftool.ts';
export { getVaultSettings, updateVaultSettings, DEFAULT_IDLE_LOCK_MINUTES } from './vault/settings.ts';
export { createCase, listCases, getCase, listExhibits, updateCase, caseCustodyEvents, FIRST_EXHIBIT_PAGE } from './cases/case-records.ts';
export { linkItems, unlinkItem, reorderExhibits, moveExhibit, updateExhibit, setExhibitLinks, itemCases } from './cases/exhibits.ts';
export type { LinkOptions, LinkOutcome } from './cases/exhibits.ts';
export { addPerson, linkPerson, setIdentity, revealIdentity } from './cases/people.ts';
export type { NewPerson } from './cases/people.ts';
export { addIncident, linkIncidentPersons } from './cases/incidents.ts';
export type { NewIncident } from './cases/incidents.ts';
export { tagItem, untagItem, itemTags, tagCase, untagCase, addNote, listNotes } from './cases/annotations.ts';
export type { NoteTarget } from './cases/annotations.ts';
export { search, DEFAULT_HITS_PER_KIND } from './cases/search.ts';
export { makeShareableCopy, overrideShareable, shareableDetail } from './shareable/make-shareable.ts';
export { exportItemFile } from './shareable/export-file.ts';
export type { ExportedFile } from './shareable/export-file.ts';
export { closeStripTools } from './strip/engine.ts';
export { verifyPath } from './verify/verify.ts';
export { formatVerifyReport, verifyReportLines } from './verify/report-text.ts';
export type { VerifyReport, FileCheck, SignatureCheck } from './verify/report.ts';
export { exportCase } from './export/export-case.ts';
export type { CaseExport, ExportCaseOptions } from './export/export-case.ts';
export { signingKeyInfo } from './export/signing-key.ts';
export { exportPlan } from './export/export-plan.ts';
export type { SigningKeyInfo } from './export/signing-key.ts';
