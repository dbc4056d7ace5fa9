/** Shareable copies as the CLI's --json and the app show them. */
export type ShareableStatus = 'stripped' | 'unsupported' | 'failed';

export interface ShareableSummary {
  status: ShareableStatus;
  /** SHA-256 of the shareable copy (only when stripped). */
  sha256?: string;
  /** Why the copy is not stripped. */
  reason?: string;
}

export interface ContentProofView {
  kind: 'image-data' | 'media-data' | 'pdf-text' | 'document' | 'bytes';
  original: string;
  copy: string;
  identical: boolean;
}

export interface ShareableDetail extends ShareableSummary {
  method: string;
  size: number | null;
  createdAt: string;
  /** Every identifying value removed, e.g. {name: 'GPS:GPSLatitude', value: '43 deg 19'…'}. */
  removed: { name: string; value: string }[];
  proof: ContentProofView | null;
  verification: { ok: boolean; offending: string[] } | null;
  toolVersions: Record<string, string>;
  /** A person declared a copy that is not stripped shareable anyway. */
  override: { actor: string; at: string; reason: string } | null;
}
