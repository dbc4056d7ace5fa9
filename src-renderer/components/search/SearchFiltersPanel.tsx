import { useTranslation } from 'react-i18next';
import type { SearchFilters, SearchKind, ShareableFilter } from '../../../src-shared/types/cases.ts';
import { SEARCH_KINDS, SHAREABLE_FILTERS } from '../../../src-shared/types/cases.ts';
import { useQuery } from '../../use-query.ts';

/** The filters as the form holds them: '' for "any". */
export interface FilterValues {
  caseNumber: string;
  kinds: SearchKind[];
  mediaType: string;
  from: string;
  to: string;
  shareableStatus: ShareableFilter | '';
  tag: string;
}

export const NO_FILTERS: FilterValues = { caseNumber: '', kinds: [...SEARCH_KINDS], mediaType: '', from: '', to: '', shareableStatus: '', tag: '' };

const MEDIA_TYPES = ['image', 'audio', 'video', 'application/pdf', 'text'] as const;
const MEDIA_LABELS: Record<(typeof MEDIA_TYPES)[number], string> = {
  image: 'image',
  audio: 'audio',
  video: 'video',
  'application/pdf': 'pdf',
  text: 'text',
};

export const datesReversed = (v: FilterValues): boolean => v.from !== '' && v.to !== '' && v.from > v.to;

/** What the core is asked: only the filters that narrow anything. */
export function toSearchFilters(v: FilterValues): SearchFilters {
  const filters: SearchFilters = {};
  if (v.caseNumber) filters.caseNumber = v.caseNumber;
  if (v.kinds.length < SEARCH_KINDS.length) filters.kinds = SEARCH_KINDS.filter((k) => v.kinds.includes(k));
  if (v.mediaType) filters.mediaType = v.mediaType;
  if (v.from) filters.from = v.from;
  if (v.to) filters.to = v.to;
  if (v.shareableStatus) filters.shareableStatus = v.shareableStatus;
  if (v.tag.trim()) filters.tag = v.tag.trim();
  return filters;
}

export function SearchFiltersPanel({ values, onChange }: { values: FilterValues; onChange: (next: FilterValues) => void }) {
  const { t } = useTranslation();
  const [cases] = useQuery('cases:list', {});
  const set = <K extends keyof FilterValues>(key: K, value: FilterValues[K]) => onChange({ ...values, [key]: value });
  const toggleKind = (kind: SearchKind, on: boolean) => set('kinds', on ? [...values.kinds, kind] : values.kinds.filter((k) => k !== kind));
  const caseList = cases.status === 'done' && cases.result.ok ? cases.result.value.cases : [];
  const reversed = datesReversed(values);

  return (
    <form className="panel search-filters" aria-labelledby="search-filters-title" onSubmit={(e) => e.preventDefault()}>
      <div className="search-filters-head">
        <h2 id="search-filters-title">{t('search.filters.title')}</h2>
        <button type="button" className="button secondary small" onClick={() => onChange(NO_FILTERS)}>
          {t('search.filters.clear')}
        </button>
      </div>

      <div className="field">
        <label htmlFor="search-case">{t('search.filters.case')}</label>
        <select id="search-case" value={values.caseNumber} onChange={(e) => set('caseNumber', e.target.value)} disabled={cases.status === 'loading'}>
          <option value="">{t('search.filters.anyCase')}</option>
          {caseList.map((c) => (
            <option key={c.id} value={c.number}>
              {c.number} — {c.title}
            </option>
          ))}
        </select>
      </div>

      <fieldset className="search-kinds">
        <legend>{t('search.filters.kinds')}</legend>
        {SEARCH_KINDS.map((kind) => (
          <label key={kind} className="search-kind">
            <input type="checkbox" checked={values.kinds.includes(kind)} onChange={(e) => toggleKind(kind, e.target.checked)} />
            {t(`search.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>

      <div className="search-date-range">
        <div className="field">
          <label htmlFor="search-from">{t('search.filters.from')}</label>
          <input id="search-from" type="date" value={values.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="search-to">{t('search.filters.to')}</label>
          <input
            id="search-to"
            type="date"
            value={values.to}
            onChange={(e) => set('to', e.target.value)}
            aria-invalid={reversed || undefined}
            aria-describedby={reversed ? 'search-to-error' : 'search-dates-help'}
          />
        </div>
      </div>
      {reversed ? (
        <p className="field-error" id="search-to-error">
          {t('search.filters.datesReversed')}
        </p>
      ) : (
        <p className="help search-help" id="search-dates-help">
          {t('search.filters.datesHelp')}
        </p>
      )}

      <div className="field">
        <label htmlFor="search-tag">{t('search.filters.tag')}</label>
        <input id="search-tag" type="text" value={values.tag} onChange={(e) => set('tag', e.target.value)} aria-describedby="search-tag-help" />
        <p className="help" id="search-tag-help">
          {t('search.filters.tagHelp')}
        </p>
      </div>

      <div className="field">
        <label htmlFor="search-media">{t('search.filters.mediaType')}</label>
        <select id="search-media" value={values.mediaType} onChange={(e) => set('mediaType', e.target.value)} aria-describedby="search-items-only">
          <option value="">{t('search.filters.any')}</option>
          {MEDIA_TYPES.map((m) => (
            <option key={m} value={m}>
              {t(`search.media.${MEDIA_LABELS[m]}`)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor="search-shareable">{t('search.filters.shareable')}</label>
        <select
          id="search-shareable"
          value={values.shareableStatus}
          onChange={(e) => set('shareableStatus', e.target.value as ShareableFilter | '')}
          aria-describedby="search-items-only"
        >
          <option value="">{t('search.filters.any')}</option>
          {SHAREABLE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`search.shareable.${s}`)}
            </option>
          ))}
        </select>
        <p className="help" id="search-items-only">
          {t('search.filters.itemsOnly')}
        </p>
      </div>
    </form>
  );
}
