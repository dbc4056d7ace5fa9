import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../src-shared/types/cases.ts';
import { formatNumber } from '../../format.ts';
import { HitText } from './HitText.tsx';
import { hitHref, kindsWithHits } from './search-model.ts';

/** The search screen's results: a section per kind with its count, each hit a link to its record. */
export function SearchResultsList({ results, limitPerKind }: { results: SearchResults; limitPerKind: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="search-sections">
      {kindsWithHits(results).map((kind) => {
        const hits = results.groups[kind];
        const more = results.more[kind];
        return (
          <section key={kind} className="search-section" aria-labelledby={`search-section-${kind}`} data-testid={`search-section-${kind}`}>
            <h2 id={`search-section-${kind}`} className="search-section-head">
              {t(`search.kinds.${kind}`)}
              <span className="chip-count" data-testid="search-section-count">
                {formatNumber(hits.length, i18n.language)}
                {more ? '+' : ''}
              </span>
            </h2>
            <ul className="search-hits">
              {hits.map((hit) => {
                const href = hitHref(hit);
                return (
                  <li key={hit.id}>
                    {href ? (
                      <a className="search-hit" href={href}>
                        <HitText hit={hit} />
                      </a>
                    ) : (
                      <div className="search-hit">
                        <HitText hit={hit} />
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
            {more && <p className="help search-more">{t('search.screen.more', { count: formatNumber(limitPerKind, i18n.language) })}</p>}
          </section>
        );
      })}
    </div>
  );
}
