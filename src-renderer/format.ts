/** Numbers, sizes and times in the reader's language. */
import type { TFunction } from 'i18next';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1,234,567 → "1.2 MB" (binary multiples, as file managers show them). */
export function formatBytes(bytes: number, t: TFunction, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
  return `${number} ${t(`units.${UNITS[unit]}`)}`;
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** Local date and time to the second with the zone: evidence times must not be ambiguous. */
export function formatDateTime(iso: string | null, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'long' }).format(date);
}

/** Compact form for list rows. */
export function formatShortDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

export const shortHash = (hex: string): string => hex.slice(0, 12);

/** Splits a path into folder and name, for either separator. */
export function splitPath(p: string): { folder: string; name: string } {
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return cut < 0 ? { folder: '', name: p } : { folder: p.slice(0, cut + 1), name: p.slice(cut + 1) };
}
