/** What the search box sends, where a hit leads, and how its matched words are marked. */
import type { SearchHit, SearchKind, SearchResults } from '../../../src-shared/types/cases.ts';
import { SEARCH_KINDS } from '../../../src-shared/types/cases.ts';
import { caseHref, itemHref } from '../../routes.ts';

export type Range = [number, number];

/**
 * Every word is searched as the start of a word, so "задерж" finds "Задержание" while it is still
 * being typed. A word that ends in punctuation, or in the core's own *, is left as it is.
 */
export function asPrefixQuery(text: string): string {
  return text
    .split(/\s+/u)
    .filter(Boolean)
    .map((word) => (/[\p{L}\p{N}]$/u.test(word) ? `${word}*` : word))
    .join(' ');
}

/** Where a hit opens; null for a record that belongs to no case (nothing to open it in). */
export function hitHref(hit: SearchHit): string | null {
  const firstCase = hit.cases[0]?.id;
  switch (hit.kind) {
    case 'case':
      return caseHref(hit.id);
    case 'item':
      return itemHref(hit.id);
    case 'person':
      return firstCase ? caseHref(firstCase, 'people') : null;
    case 'incident':
      return firstCase ? caseHref(firstCase, 'incidents') : null;
    case 'note':
      if (hit.itemId) return itemHref(hit.itemId);
      return firstCase ? caseHref(firstCase) : null;
  }
}

export function hitCount(results: SearchResults): number {
  return SEARCH_KINDS.reduce((n, kind) => n + results.groups[kind].length, 0);
}

export function kindsWithHits(results: SearchResults): SearchKind[] {
  return SEARCH_KINDS.filter((kind) => results.groups[kind].length > 0);
}

/** The words as the core's snippet maker takes them, so its highlight ranges fall on word bounds. */
const WORD = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;

/**
 * When the snippet is the title itself (a case number and title, a pseudonym, a file name), the
 * title carries the marks and the snippet need not be shown twice. Returns the marks moved onto the
 * title, or null when the snippet says something the title does not.
 */
export function titleMarks(title: string, snippet: string, highlights: readonly Range[]): Range[] | null {
  const inTitle = [...title.matchAll(WORD)];
  const inSnippet = [...snippet.matchAll(WORD)];
  if (inTitle.length !== inSnippet.length) return null;
  if (inTitle.some((w, i) => w[0].toLowerCase() !== inSnippet[i]![0].toLowerCase())) return null;
  const marks: Range[] = [];
  for (const [from, to] of highlights) {
    const first = inSnippet.findIndex((w) => w.index === from);
    const last = inSnippet.findIndex((w) => w.index + w[0].length === to);
    if (first < 0 || last < first) continue;
    const start = inTitle[first]!;
    const end = inTitle[last]!;
    marks.push([start.index, end.index + end[0].length]);
  }
  return marks;
}

/** The text cut into plain and marked runs; ranges out of bounds, empty or overlapping are dropped. */
export function markedRuns(text: string, ranges: readonly Range[]): Array<{ text: string; marked: boolean }> {
  const sorted = [...ranges].filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b)).sort((x, y) => x[0] - y[0]);
  const runs: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const [from, to] of sorted) {
    const start = Math.max(from, at);
    const end = Math.min(to, text.length);
    if (end <= start) continue;
    if (start > at) runs.push({ text: text.slice(at, start), marked: false });
    runs.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), marked: false });
  return runs;
}
