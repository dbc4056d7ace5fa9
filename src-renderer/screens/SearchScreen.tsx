import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NO_FILTERS, SearchFiltersPanel, datesReversed, toSearchFilters } from '../components/search/SearchFiltersPanel.tsx';
import type { FilterValues } from '../components/search/SearchFiltersPanel.tsx';
import { SearchResultsList } from '../components/search/SearchResultsList.tsx';
import { hitCount } from '../components/search/search-model.ts';
import { useSearch } from '../components/search/use-search.ts';
import { formatNumber } from '../format.ts';
import { locationFromHash, searchHref } from '../routes.ts';

/** Hits per kind on this screen (the popup shows five). */
const SCREEN_HITS = 100;

/**
 * Search with filters: the query box searches as you type and keeps the address in step (replaced,
 * not pushed, so Back leaves the screen rather than stepping through every letter).
 */
export function SearchScreen({ query }: { query: string }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(query);
  const [filters, setFilters] = useState<FilterValues>(NO_FILTERS);
  useQueryFromAddress(setText);

  useEffect(() => {
    // replaceState fires no hashchange, so the screen is not told about its own edits.
    window.history.replaceState(window.history.state, '', searchHref(text.trim()));
  }, [text]);

  const blocked = filters.kinds.length === 0 || datesReversed(filters);
  const narrowing = toSearchFilters(filters);
  const search = useSearch(blocked ? '' : text, { filters: narrowing, limitPerKind: SCREEN_HITS });
  const count = search.results ? hitCount(search.results) : 0;
  const trimmed = text.trim();

  let status: string | null = null;
  if (trimmed === '') status = t('search.screen.empty');
  else if (filters.kinds.length === 0) status = t('search.screen.noKinds');
  else if (search.results && count === 0 && !search.pending) {
    status = Object.keys(narrowing).length === 0 ? t('search.nothing', { query: trimmed }) : t('search.screen.nothingFiltered', { query: trimmed });
  } else if (search.results) status = t('search.found', { count: formatNumber(count, i18n.language) });

  return (
    <section className="search-screen">
      <h1>{t('search.screen.title')}</h1>
      <form role="search" className="search-query-form" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="search-query" className="search-sr-only">
          {t('search.label')}
        </label>
        <input
          id="search-query"
          type="text"
          enterKeyHint="search"
          className="search-query-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          spellCheck={false}
          // Opened to search: the box is where the person types next.
          autoFocus={query === ''}
        />
      </form>
      <div className="search-layout">
        <SearchFiltersPanel values={filters} onChange={setFilters} />
        <div className="search-results" aria-busy={search.pending && !blocked}>
          <p className="search-status" role="status" data-testid="search-status">
            {status}
          </p>
          {search.error && <ErrorBanner error={search.error} />}
          {search.results && trimmed !== '' && !blocked && <SearchResultsList results={search.results} limitPerKind={SCREEN_HITS} />}
        </div>
      </div>
    </section>
  );
}

/** A new query arriving by address (the search box's "All results", Back, Forward) replaces the typed one. */
function useQueryFromAddress(setText: (text: string) => void): void {
  useEffect(() => {
    const onChange = () => {
      const location = locationFromHash();
      if (location.route === 'search') setText(location.query);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [setText]);
}
