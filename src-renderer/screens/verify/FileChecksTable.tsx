import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { FileCheck, FileStatus, VerifyReport } from '../../../src-shared/types/verify.ts';
import { formatNumber } from '../../format.ts';

type Filter = 'all' | FileStatus;
const FILTERS: readonly Filter[] = ['all', 'mismatched', 'missing', 'extra', 'ok'];
/** Problems first, the worst first; the manifest's order within each. */
const RANK: Record<FileStatus, number> = { mismatched: 0, missing: 1, extra: 2, ok: 3 };
const ROW_HEIGHT = 40;

/** Every file the verification looked at; a bag can hold hundreds of thousands, so only visible rows render. */
export function FileChecksTable({ report }: { report: VerifyReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filter, setFilter] = useState<Filter>('all');
  const scroller = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => report.files.map((f, i) => ({ f, i })).sort((a, b) => RANK[a.f.status] - RANK[b.f.status] || a.i - b.i).map(({ f }) => f), [report]);
  const rows = useMemo(() => (filter === 'all' ? sorted : sorted.filter((f) => f.status === filter)), [sorted, filter]);
  // No React Compiler here: the virtualizer re-renders this component on scroll, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const count = (f: Filter) => (f === 'all' ? report.files.length : report.counts[f]);

  return (
    <section className="results verify-files" aria-labelledby="verify-files-title">
      <h2 id="verify-files-title">{t('verify.filesTitle')}</h2>
      <div className="filter-bar" role="group" aria-label={t('verify.filterLabel')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className={`filter-chip check-${f}`} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`check-count-${f}`}>
            {t(`verify.filters.${f}`)} <span className="chip-count">{formatNumber(count(f), lang)}</span>
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="help empty-results">{t('verify.noneInFilter')}</p>
      ) : (
        <div className="check-table" role="table" aria-label={t('verify.filesTitle')} aria-rowcount={rows.length + 1}>
          <div className="check-row check-head" role="row" aria-rowindex={1}>
            <span role="columnheader">{t('verify.columns.path')}</span>
            <span role="columnheader">{t('verify.columns.kind')}</span>
            <span role="columnheader">{t('verify.columns.status')}</span>
          </div>
          <div ref={scroller} className="check-scroller" tabIndex={0} role="rowgroup" aria-label={t('verify.filesScroll')}>
            <div className="check-sizer" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((v) => (
                <CheckRow key={v.key} check={rows[v.index]!} index={v.index} top={v.start} />
              ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function CheckRow({ check, index, top }: { check: FileCheck; index: number; top: number }) {
  const { t } = useTranslation();
  return (
    <div
      className={`check-row check-item ${check.status}`}
      role="row"
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-testid="file-check"
      data-status={check.status}
      data-path={check.path}
    >
      <span role="cell" className="check-path mono" title={check.path}>
        {check.path}
      </span>
      <span role="cell" className="check-kind">
        {t(`verify.kinds.${check.kind}`)}
      </span>
      <span role="cell" className="check-status">
        <span className={`status-badge check-${check.status}`}>{t(`verify.statuses.${check.status}`)}</span>
        {check.failed && check.failed.length > 0 && <span className="check-failed">{t('verify.algorithmsDiffer', { algorithms: check.failed.join(', ') })}</span>}
      </span>
    </div>
  );
}
