/** The vault's package-signing key as published (Settings, CLI, bag). */
export type SigningKeyInfo = {
  /** `ssh-ed25519 AAAA… comment`, for evidence-vault.pub and for publishing ahead of time. */
  publicKey: string;
  /** As `ssh-keygen -l` shows it: SHA256:… */
  fingerprint: string;
  /** The principal in allowed_signers and for `ssh-keygen -Y verify -I`. */
  identity: string;
  namespace: string;
  /** The allowed_signers line for this key. */
  allowedSigners: string;
};
