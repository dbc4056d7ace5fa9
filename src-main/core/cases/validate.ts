/** Checks and normalises what people type into case records; failures are VaultError('INPUT_ERROR'). */
import { VaultError } from '../errors/vault-error.ts';

/** Trimmed, NFC, and not empty. */
export function requiredText(value: unknown, field: string, max = 1000): string {
  const text = typeof value === 'string' ? clean(value) : '';
  if (text.length === 0) throw new VaultError('INPUT_ERROR', `${field} must not be empty.`);
  if (text.length > max) throw new VaultError('INPUT_ERROR', `${field} is too long (at most ${max} characters).`);
  return text;
}

/** Trimmed and NFC; empty or absent becomes null. */
export function optionalText(value: unknown, field: string, max = 100_000): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new VaultError('INPUT_ERROR', `${field} must be text.`);
  const text = clean(value);
  if (text.length > max) throw new VaultError('INPUT_ERROR', `${field} is too long (at most ${max} characters).`);
  return text.length === 0 ? null : text;
}

/** A calendar day as YYYY-MM-DD, or null when absent or empty. */
export function optionalDay(value: unknown, field: string): string | null {
  const text = optionalText(value, field, 10);
  if (text === null) return null;
  if (!isCalendarDay(text)) throw new VaultError('INPUT_ERROR', `${field} must be a date written as YYYY-MM-DD.`);
  return text;
}

export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new VaultError('INPUT_ERROR', `${field} must be one of: ${allowed.join(', ')}.`);
}

export function positiveId(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new VaultError('INPUT_ERROR', `${field} must be a positive whole number.`);
  return n;
}

/** A tag: one line, NFC, inner whitespace collapsed. */
export function tagText(value: unknown): string {
  return requiredText(typeof value === 'string' ? value.replace(/\s+/gu, ' ') : value, 'A tag', 100);
}

function clean(value: string): string {
  // Control characters other than line breaks and tabs have no place in a record.
  return value.normalize('NFC').replace(/[^\P{Cc}\t\n\r]/gu, '').trim();
}
