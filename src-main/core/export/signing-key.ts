/** The vault's package-signing key: Ed25519 from the vault's signing seed, shown the OpenSSH way. */
import type { Vault } from '../vault/vault.ts';
import { fingerprint, openSshPublicKey, publicKeyFromSeed, signSshsig, SIGNATURE_NAMESPACE } from '../verify/sshsig.ts';

export type { SigningKeyInfo } from '../../../src-shared/types/signing-key.ts';
import type { SigningKeyInfo } from '../../../src-shared/types/signing-key.ts';

export function signingKeyInfo(vault: Vault): SigningKeyInfo {
  const pub = publicKeyFromSeed(vault.signingSeed);
  const identity = `vault-${vault.vaultId.replace(/[^0-9A-Za-z]/g, '').slice(0, 16).toLowerCase()}@evidence-vault`;
  const publicKey = openSshPublicKey(pub, identity);
  return {
    publicKey,
    fingerprint: fingerprint(pub),
    identity,
    namespace: SIGNATURE_NAMESPACE,
    allowedSigners: `${identity} namespaces="${SIGNATURE_NAMESPACE}" ${openSshPublicKey(pub, '')}`,
  };
}

export function signWithVault(vault: Vault, message: Uint8Array): string {
  return signSshsig(vault.signingSeed, message);
}
