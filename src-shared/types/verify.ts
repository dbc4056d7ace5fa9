/** What verifying a bag or a checksum file found (CLI --json, IPC, saved reports). */
export type FileStatus = 'ok' | 'missing' | 'extra' | 'mismatched';

export type FileCheck = {
  /** The path as the manifest names it (decoded), relative to the bag or checksum file. */
  path: string;
  status: FileStatus;
  /** 'payload' or 'tag' for a bag; 'file' for a checksum file. */
  kind: 'payload' | 'tag' | 'file';
  /** The algorithms whose recorded value did not match (when mismatched). */
  failed?: string[];
};

export type SignatureCheck =
  | { status: 'absent' }
  | { status: 'valid'; fingerprint: string; keyFile: string }
  | { status: 'invalid'; fingerprint?: string; message: string }
  | { status: 'no_key'; fingerprint?: string; message: string };

export type VerifyReport = {
  kind: 'bag' | 'checksums';
  ok: boolean;
  /** Algorithms whose manifests were checked. */
  algorithms: string[];
  files: FileCheck[];
  /** Problems that are not about one file's content: format, Payload-Oxum, paths, duplicates. */
  problems: string[];
  signature: SignatureCheck;
  counts: Record<FileStatus, number>;
};
