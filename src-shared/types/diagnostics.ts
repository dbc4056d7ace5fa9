/** Versions the core really runs with, measured at the moment of the request. */
export interface Diagnostics {
  app: string;
  node: string;
  electron: string | null;
  chrome: string | null;
  platform: string;
  arch: string;
  sqlite: string;
  sqlcipher: string;
  /** An encrypted database was written to a temp file, read back with its key, and refused without it. */
  encryptionSelfTest: 'passed' | 'failed';
  exiftool: string | null;
}
