/** What every command shares: plain lines, pretty JSON, and the passphrase-file option. */
export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export const PASSPHRASE_FILE_OPTION = ['--passphrase-file <file>', 'read the passphrase from a file (else EVIDENCE_VAULT_PASSPHRASE or a prompt)'] as const;
