import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../src-shared/result.ts';
import type { SearchFilters, SearchResults } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { asPrefixQuery } from './search-model.ts';

export interface SearchState {
  /** The newest answer, kept on screen while the next one is on its way (no flicker as you type). */
  results: SearchResults | null;
  error: AppError | null;
  /** True while the text or filters shown differ from those of the answer. */
  pending: boolean;
  /** True when there is nothing to search for. */
  idle: boolean;
}

/**
 * Searches as the text changes, once typing pauses for `delayMs`. An answer is used only if it is
 * for what is asked now: an earlier, slower query must not overwrite a later one's results.
 */
export function useSearch(text: string, options: { filters?: SearchFilters; limitPerKind: number; delayMs?: number }): SearchState {
  const { filters, limitPerKind, delayMs = 120 } = options;
  const query = asPrefixQuery(text.trim());
  const key = query === '' ? null : JSON.stringify({ query, ...(filters ? { filters } : {}), limitPerKind });
  const [answer, setAnswer] = useState<{ key: string; results: SearchResults | null; error: AppError | null } | null>(null);
  const asked = useRef<string | null>(null);

  useEffect(() => {
    asked.current = key;
    if (key === null) return;
    const timer = window.setTimeout(() => {
      void invoke('search:query', JSON.parse(key) as { query: string; filters?: SearchFilters; limitPerKind: number }).then((result) => {
        if (asked.current !== key) return;
        setAnswer(result.ok ? { key, results: result.value, error: null } : { key, results: null, error: result.error });
      });
    }, delayMs);
    return () => window.clearTimeout(timer);
  }, [key, delayMs]);

  if (key === null) return { results: null, error: null, pending: false, idle: true };
  return { results: answer?.results ?? null, error: answer?.error ?? null, pending: answer?.key !== key, idle: false };
}
