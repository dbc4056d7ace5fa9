/**
 * Search across the vault's records: cases, people (by pseudonym only), incidents, items (name,
 * source note, tags, metadata values) and notes, in Latin and Cyrillic, with prefix matching.
 * Results come grouped by kind, best first, each with a snippet and the cases it belongs to.
 */
import type { SearchFilters, SearchHit, SearchKind, SearchResults } from '../../../src-shared/types/cases.ts';
import { SEARCH_KINDS, SHAREABLE_FILTERS } from '../../../src-shared/types/cases.ts';
import type { SearchHitRow, SearchSpec } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { resolveCase } from './case-records.ts';
import { parseIncidentDate } from './incident-dates.ts';
import { foldForSearch, toFtsQuery } from './search-query.ts';
import { makeSnippet, queryTokens } from './snippet.ts';
import type { QueryToken } from './snippet.ts';
import { oneOf, tagText } from './validate.ts';

export const DEFAULT_HITS_PER_KIND = 20;

export function search(vault: Vault, query: string, filters: SearchFilters = {}, options: { limitPerKind?: number } = {}): SearchResults {
  const limit = options.limitPerKind ?? DEFAULT_HITS_PER_KIND;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new VaultError('INPUT_ERROR', 'The number of hits per kind must be between 1 and 1000.');
  const fts = toFtsQuery(typeof query === 'string' ? query : '');
  const spec = buildSpec(vault, fts?.match ?? '', filters, limit + 1);
  const results = emptyResults(fts?.terms.join(' ') ?? '');
  if (fts === undefined) return results;

  const rows = vault.store.cases.search(spec);
  const tokens = queryTokens(fts.terms);
  for (const row of rows) {
    const group = results.groups[row.kind];
    if (group.length === limit) {
      results.more[row.kind] = true;
      continue;
    }
    const hit = describe(vault, row, tokens);
    if (hit) group.push(hit);
  }
  return results;
}

function buildSpec(vault: Vault, match: string, filters: SearchFilters, limitPerKind: number): SearchSpec {
  const kinds = filters.kinds === undefined ? [...SEARCH_KINDS] : [...new Set(filters.kinds.map((k) => oneOf(k, SEARCH_KINDS, 'A result kind')))];
  const spec: SearchSpec = { match, kinds, limitPerKind };
  if (filters.caseNumber !== undefined) spec.caseId = resolveCase(vault, filters.caseNumber).id;
  if (filters.mediaType !== undefined) {
    const t = filters.mediaType.trim().toLowerCase();
    const m = /^([a-z0-9][a-z0-9!#$&^_.+-]*)(?:\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*))?$/u.exec(t);
    if (!m) throw new VaultError('INPUT_ERROR', 'The media type must look like image/jpeg or image.');
    spec.mediaType = m[2] === undefined || m[2] === '*' ? { major: m[1] as string } : { exact: t };
  }
  if (filters.from !== undefined) spec.from = boundary(filters.from, 'start');
  if (filters.to !== undefined) spec.to = boundary(filters.to, 'end');
  if (spec.from !== undefined && spec.to !== undefined && spec.from > spec.to) {
    throw new VaultError('INPUT_ERROR', 'The date range ends before it starts.');
  }
  if (filters.shareableStatus !== undefined) spec.shareable = oneOf(filters.shareableStatus, SHAREABLE_FILTERS, 'The shareable status');
  if (filters.tag !== undefined) spec.tag = tagText(filters.tag);
  return spec;
}

function boundary(text: string, side: 'start' | 'end'): string {
  try {
    const d = parseIncidentDate(text);
    return side === 'start' ? d.dateStart : d.dateEnd;
  } catch {
    throw new VaultError('INPUT_ERROR', 'Search dates must look like 2018, 2018-07 or 2018-07-20.');
  }
}

function describe(vault: Vault, row: SearchHitRow, tokens: readonly QueryToken[]): SearchHit | undefined {
  const cases = vault.store.cases;
  const base = (...originals: Array<string | null>) => ({ kind: row.kind, id: row.ref, ...makeSnippet(unfolded(row, originals), tokens) });
  switch (row.kind) {
    case 'case': {
      const c = cases.getCase(row.ref);
      return c && { ...base(c.number, c.title, c.forum, c.jurisdiction, c.description, c.notes), title: `${c.number} — ${c.title}`, cases: [{ id: c.id, number: c.number }] };
    }
    case 'person': {
      const p = cases.getPerson(Number(row.ref));
      return p && { ...base(p.pseudonym), title: p.pseudonym, cases: cases.casesForPerson(p.id) };
    }
    case 'incident': {
      const x = cases.getIncident(Number(row.ref));
      const c = x && cases.getCase(x.caseId);
      return x && c && { ...base(x.dateText, x.place, x.description), title: x.place ? `${x.dateText} · ${x.place}` : x.dateText, cases: [{ id: c.id, number: c.number }] };
    }
    case 'item': {
      const item = vault.store.getItem(row.ref);
      return item && { ...base(item.originalName, item.sourceNote), title: item.originalName, cases: itemCaseRefs(vault, item.id) };
    }
    case 'note': {
      const n = cases.getNote(Number(row.ref));
      if (!n) return undefined;
      const title = firstLine(n.text);
      if (n.itemId !== null) return { ...base(n.text), title, cases: itemCaseRefs(vault, n.itemId), itemId: n.itemId };
      const c = cases.getCase(n.caseId as string);
      return { ...base(n.text), title, cases: c ? [{ id: c.id, number: c.number }] : [] };
    }
  }
}

const itemCaseRefs = (vault: Vault, itemId: string) => vault.store.cases.casesForItem(itemId).map((c) => ({ id: c.caseId, number: c.number }));

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] as string;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function emptyResults(query: string): SearchResults {
  const groups = {} as Record<SearchKind, SearchHit[]>;
  const more = {} as Record<SearchKind, boolean>;
  for (const k of SEARCH_KINDS) {
    groups[k] = [];
    more[k] = false;
  }
  return { query, groups, more };
}

/**
 * The index stores text with ё folded to е (migration 0003), so a snippet cut from it would show
 * "четырех" for "четырёх". Folding keeps every character's position, so each of the record's own
 * fields is put back where its folded form stands in the stored text.
 */
function unfolded(row: SearchHitRow, originals: ReadonlyArray<string | null>): SearchHitRow {
  const fields = originals.filter((o): o is string => o !== null && /[ёЁ]/u.test(o));
  if (fields.length === 0) return row;
  const restore = (stored: string): string => {
    let text = stored;
    for (const original of fields) {
      const folded = foldForSearch(original);
      for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, at + folded.length)) {
        text = text.slice(0, at) + original + text.slice(at + folded.length);
      }
    }
    return text;
  };
  return { ...row, title: restore(row.title), body: restore(row.body), tags: restore(row.tags), meta: restore(row.meta) };
}
