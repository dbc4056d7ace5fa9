/**
 * Turns whatever a person types into a search box into FTS5 syntax that cannot fail: every word
 * becomes a quoted string (so AND, OR, NOT, NEAR, column filters, parentheses and quotes are just
 * text), a trailing * keeps its meaning as a prefix search, and words are combined with AND.
 */
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 100;

export type FtsQuery = { match: string; terms: string[] };

/** undefined when nothing searchable is left (only punctuation, only stars, empty). */
export function toFtsQuery(input: string): FtsQuery | undefined {
  const terms: string[] = [];
  const parts: string[] = [];
  const words = foldForSearch(input.normalize('NFC'))
    .replace(/[^\P{Cc}]/gu, ' ')
    .split(/\s+/u);
  for (const word of words) {
    const prefix = /\*+$/u.test(word);
    const body = word.replace(/\*+$/u, '').slice(0, MAX_TERM_LENGTH);
    // A word with no letter or digit would tokenize to nothing.
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    const quoted = `"${body.replace(/"/gu, '""')}"`;
    if (parts.includes(quoted + (prefix ? '*' : ''))) continue;
    parts.push(quoted + (prefix ? '*' : ''));
    terms.push(body + (prefix ? '*' : ''));
    if (parts.length === MAX_TERMS) break;
  }
  return parts.length === 0 ? undefined : { match: parts.join(' '), terms };
}

/** The same folding as the index (migration 0003): ё is searched as е. */
export function foldForSearch(text: string): string {
  return text.replace(/ё/gu, 'е').replace(/Ё/gu, 'Е');
}
