/**
 * Incident dates as people state them: '2017', '2017-03', '2017-03-14', '14.03.2017', '03.2017',
 * ranges ('2017-03-01/2017-03-05', '2017-03-01 .. 2017-03-05', '2017–2018'), and vague ones
 * ('around 2018-07-20', 'около 2018', 'c. 2017', '2018-07?'). The text is kept as written; the
 * first and last day it covers and its precision are derived for ordering and filtering.
 */
import type { DatePrecision } from '../../../src-shared/types/cases.ts';
import { VaultError } from '../errors/vault-error.ts';
import { daysInMonth } from './validate.ts';

export type IncidentDate = { dateText: string; dateStart: string; dateEnd: string; precision: DatePrecision };

const APPROXIMATE = /^(?:around|about|approx\.?|approximately|circa|ca\.|c\.|~|около|примерно|приблизительно|ок\.)\s*/iu;
const RANGE = /\s*(?:\/|\.\.|–|—|\s-\s|\sto\s|\sпо\s)\s*/iu;
const ORDER: readonly DatePrecision[] = ['day', 'month', 'year'];

type Part = { start: string; end: string; precision: 'day' | 'month' | 'year' };

export function parseIncidentDate(input: string): IncidentDate {
  const dateText = input.normalize('NFC').trim().replace(/\s+/gu, ' ');
  let rest = dateText;
  let approximate = false;
  const prefix = APPROXIMATE.exec(rest);
  if (prefix) {
    approximate = true;
    rest = rest.slice(prefix[0].length);
  }
  if (rest.endsWith('?')) {
    approximate = true;
    rest = rest.slice(0, -1).trim();
  }
  const pieces = rest.split(RANGE);
  if (pieces.length > 2 || dateText.length > 100) throw badDate();
  const parts = pieces.map(parsePart);
  const first = parts[0] as Part;
  const last = parts[parts.length - 1] as Part;
  if (first.start > last.end) throw new VaultError('INPUT_ERROR', 'The incident date range ends before it starts.');
  const coarsest = parts.map((p) => ORDER.indexOf(p.precision)).reduce((a, b) => Math.max(a, b));
  return { dateText, dateStart: first.start, dateEnd: last.end, precision: approximate ? 'approximate' : (ORDER[coarsest] as DatePrecision) };
}

function parsePart(text: string): Part {
  let m = /^(\d{4})$/u.exec(text);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, precision: 'year' };
  m = /^(\d{4})-(\d{1,2})$/u.exec(text) ?? swap(/^(\d{1,2})\.(\d{4})$/u.exec(text));
  if (m) return month(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(text) ?? reverse(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/u.exec(text));
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  throw badDate();
}

const swap = (m: RegExpExecArray | null) => (m ? ([m[0], m[2], m[1]] as unknown as RegExpExecArray) : null);
const reverse = (m: RegExpExecArray | null) => (m ? ([m[0], m[3], m[2], m[1]] as unknown as RegExpExecArray) : null);
const pad = (n: number) => String(n).padStart(2, '0');

function month(y: number, mo: number): Part {
  if (mo < 1 || mo > 12) throw badDate();
  return { start: `${y}-${pad(mo)}-01`, end: `${y}-${pad(mo)}-${pad(daysInMonth(y, mo))}`, precision: 'month' };
}

function day(y: number, mo: number, d: number): Part {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw badDate();
  const iso = `${y}-${pad(mo)}-${pad(d)}`;
  return { start: iso, end: iso, precision: 'day' };
}

function badDate(): VaultError {
  return new VaultError(
    'INPUT_ERROR',
    'The incident date must look like 2017, 2017-03, 2017-03-14 or 14.03.2017, or a range such as 2017-03-01/2017-03-05, optionally after "around".',
  );
}
