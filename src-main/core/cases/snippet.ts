/**
 * Snippets for search hits, made from the hit's stored search text rather than by FTS5's
 * snippet(): that would run the whole match again for every hit, and for a prefix that many words
 * share (a 5-letter stem) each run merges all their doclists. Tokens are taken and folded the way
 * the index's unicode61 tokenizer does (letters, digits, case folded, diacritics dropped from Latin
 * letters, ё read as е as the index stores it), so the words marked are the words that matched.
 */
import { foldForSearch } from './search-query.ts';

export type DocText = { title: string; body: string; tags: string; meta: string };
export type QueryToken = { text: string; prefix: boolean };

const TOKEN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const WINDOW = 12;

/** The query's tokens: each search term split like the tokenizer would, its * on its last token. */
export function queryTokens(terms: readonly string[]): QueryToken[] {
  const out: QueryToken[] = [];
  for (const term of terms) {
    const prefix = term.endsWith('*');
    const words = (prefix ? term.slice(0, -1) : term).match(TOKEN) ?? [];
    words.forEach((w, i) => out.push({ text: fold(w), prefix: prefix && i === words.length - 1 }));
  }
  return out;
}

export function makeSnippet(doc: DocText, tokens: readonly QueryToken[]): { snippet: string; highlights: Array<[number, number]> } {
  for (const text of [doc.title, doc.body, doc.tags, doc.meta]) {
    const found = window(text, tokens);
    if (found) return found;
  }
  return { snippet: (doc.title || doc.body).slice(0, 120), highlights: [] };
}

function window(text: string, tokens: readonly QueryToken[]): { snippet: string; highlights: Array<[number, number]> } | undefined {
  const words = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, hit: matchIndex(fold(m[0]), tokens) }));
  if (!words.some((w) => w.hit >= 0)) return undefined;
  // The window of WINDOW words holding the most different query tokens (the first such).
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.hit < 0) continue;
    // A few words of context before the first match in the window.
    const start = Math.max(0, Math.min(i - 3, words.length - WINDOW));
    const score = new Set(words.slice(start, start + WINDOW).filter((w) => w.hit >= 0).map((w) => w.hit)).size;
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
  }
  const shown = words.slice(best, best + WINDOW);
  const from = best === 0 ? 0 : shown[0]!.start;
  const to = best + WINDOW >= words.length ? text.length : shown.at(-1)!.end;
  const lead = from > 0 ? '…' : '';
  const snippet = `${lead}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  const highlights = shown.filter((w) => w.hit >= 0).map((w): [number, number] => [w.start - from + lead.length, w.end - from + lead.length]);
  return { snippet, highlights };
}

function matchIndex(word: string, tokens: readonly QueryToken[]): number {
  return tokens.findIndex((t) => (t.prefix ? word.startsWith(t.text) : word === t.text));
}

/** Lower case; diacritics dropped from Latin letters only, as unicode61's remove_diacritics does. */
function fold(word: string): string {
  return foldForSearch(word.toLowerCase())
    .normalize('NFD')
    .replace(/([a-z])\p{M}+/gu, '$1')
    .normalize('NFC');
}
