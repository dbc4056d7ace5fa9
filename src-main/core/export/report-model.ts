/**
 * What the custody report says, once, for both renderings (HTML and PDF). Pseudonyms only: a
 * person's protected identity enters the model only when the exporter named that person.
 */
export type ReportEvent = { seq: number; at: string; actor: string; action: string; hash: string };

export type ReportExhibit = {
  label: string;
  /** Path inside the bag, or null when the exhibit was left out. */
  file: string | null;
  included: 'copy' | 'original' | null;
  /** Why it was left out, or the override that let the original in. */
  note: string | null;
  description: string | null;
  name: string;
  mediaType: string;
  size: number;
  originalSha256: string;
  copySha256: string | null;
  proof: { kind: string; identical: boolean; original: string; copy: string } | null;
  removedCount: number;
  mediaFacts: [string, string][];
  ingestedAt: string;
  operator: string;
  events: ReportEvent[];
};

export type ReportIdentity = { pseudonym: string; realName: string | null; contacts: string | null; notes: string | null };

export type ReportModel = {
  caseNumber: string;
  title: string;
  forum: string | null;
  jurisdiction: string | null;
  status: string;
  description: string | null;
  persons: { pseudonym: string; roles: string[] }[];
  /** Protected identities the exporter asked for, person by person; usually none. */
  identities: ReportIdentity[];
  organization: string;
  exportedAt: string;
  exportedBy: string;
  head: { seq: number; hash: string };
  fingerprint: string;
  publicKey: string;
  caseEvents: ReportEvent[];
  exhibits: ReportExhibit[];
};

/** Media facts that describe the content without identifying anyone (no GPS, serials, names). */
const FACT_TAGS = ['MIMEType', 'ImageWidth', 'ImageHeight', 'Duration', 'PageCount', 'Pages', 'FrameRate', 'AudioSampleRate', 'AudioChannels'];

export function mediaFacts(metadata: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const tag of FACT_TAGS) {
    const key = Object.keys(metadata).find((k) => k === tag || k.endsWith(`:${tag}`));
    const v = key === undefined ? undefined : metadata[key];
    if (typeof v === 'string' || typeof v === 'number') out.push([tag, String(v)]);
  }
  return out;
}

/** The report says plainly whether it names anyone behind a pseudonym. */
export function identityStatement(m: ReportModel): string {
  const hashes = "Every event's hash can be recomputed from data/custody-log.jsonl (see VERIFY.md).";
  if (m.identities.length === 0) return `Identities of protected persons are not part of this report. ${hashes}`;
  const who = m.identities.map((p) => p.pseudonym).join(', ');
  return `This report includes the protected identity of ${who}, at the exporter's explicit request (recorded in the custody log). ${hashes}`;
}
