/**
 * Passphrases and recovery keys come from the environment, a file, or a prompt that does not
 * echo — never from argv, where other users of the machine could read them in the process list.
 */
import { readFile } from 'node:fs/promises';
import { VaultError } from '../core/index.ts';

export type SecretSource = { env: string; file?: string | undefined; prompt: string; confirm?: boolean };

export async function readSecret(source: SecretSource): Promise<string> {
  const fromEnv = process.env[source.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (source.file) {
    let text: string;
    try {
      text = await readFile(source.file, 'utf8');
    } catch {
      throw new VaultError('INPUT_ERROR', 'The passphrase file cannot be read.');
    }
    return text.replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) {
    throw new VaultError('INPUT_ERROR', `No secret given: set ${source.env}, use a --*-file option, or run in a terminal to be asked.`);
  }
  const first = await promptHidden(source.prompt);
  if (source.confirm) {
    const second = await promptHidden('Repeat to confirm: ');
    if (first !== second) throw new VaultError('INPUT_ERROR', 'The two entries differ.');
  }
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new VaultError('CANCELLED', 'Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A yes/no question on the terminal; false without a terminal (scripts must pass --yes). */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new VaultError('INPUT_ERROR', 'Confirmation needed: run in a terminal or pass --yes.');
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
