import { useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { IngestOutcomeView, IngestStatus } from '../../src-shared/types/vault.ts';
import { invoke } from '../api.ts';
import { DropZone } from '../components/DropZone.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { formatBytes, formatNumber, splitPath } from '../format.ts';
import { isBusy, useImportJob } from '../import-job.tsx';
import type { ImportJob } from '../import-job.tsx';
import { reasonKey } from '../ingest-messages.ts';
import { ShareableBadge } from '../components/ShareableBadge.tsx';
import { itemHref } from '../routes.ts';
import { ImportToCase } from './case/ImportToCase.tsx';

type Filter = 'all' | IngestStatus;

export function ImportScreen() {
  const { t } = useTranslation();
  const { job, note, setNote, start, cancel, clear } = useImportJob();
  const [nothingDropped, setNothingDropped] = useState(false);
  const busy = isBusy(job.phase);

  const begin = (paths: string[]) => {
    setNothingDropped(false);
    void start(paths, note);
  };

  const choose = async (kind: 'files' | 'folder') => {
    const result = await invoke('ingest:choose', { kind });
    if (result.ok && result.value.paths.length > 0) begin(result.value.paths);
  };

  const onPaths = (paths: string[]) => {
    if (paths.length === 0) setNothingDropped(true);
    else begin(paths);
  };

  return (
    <section>
      <h1>{t('import.title')}</h1>
      <p className="lead">{t('import.intro')}</p>

      <div className="field wide">
        <label htmlFor="import-note">{t('import.note')}</label>
        <textarea
          id="import-note"
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby="import-note-help"
          disabled={busy}
        />
        <p id="import-note-help" className="help">
          {t('import.noteHelp')}
        </p>
      </div>

      <DropZone busy={busy} title={busy ? t('import.dropBusy') : t('import.dropHere')} help={t('import.dropHelp')} testId="drop-zone" onPaths={onPaths}>
        <button type="button" className="button" onClick={() => void choose('files')} disabled={busy}>
          {t('import.chooseFiles')}
        </button>
        <button type="button" className="button secondary" onClick={() => void choose('folder')} disabled={busy}>
          {t('import.chooseFolder')}
        </button>
      </DropZone>
      {nothingDropped && (
        <p className="field-error" role="alert">
          {t('import.nothingDropped')}
        </p>
      )}
      {job.error && <ErrorBanner error={job.error} />}
      {job.phase !== 'idle' && <ImportProgress job={job} onCancel={() => void cancel()} onClear={clear} />}
      {job.phase === 'done' && <ImportedToCase key={job.jobId} outcomes={job.outcomes} />}
      {job.phase !== 'idle' && job.phase !== 'starting' && <ImportResults job={job} />}
    </section>
  );
}

function ImportProgress({ job, onCancel, onClear }: { job: ImportJob; onCancel(): void; onClear(): void }) {
  const { t, i18n } = useTranslation();
  const p = job.progress;
  const lang = i18n.language;
  const state =
    job.phase === 'starting'
      ? t('import.state.starting')
      : job.phase === 'running'
        ? t('import.state.running')
        : job.phase === 'cancelling'
          ? t('import.state.cancelling')
          : job.failed
            ? t('import.state.failed')
            : job.cancelled
              ? t('import.state.cancelled')
              : t('import.state.done');
  const inFlight = p ? p.filesTotal - p.filesDone : 0;
  return (
    <div className="panel progress-panel" aria-labelledby="import-progress-title">
      <div className="progress-head">
        <h2 id="import-progress-title">{t('import.progressTitle')}</h2>
        <span className={`job-state ${job.failed ? 'failed' : job.cancelled ? 'cancelled' : job.phase}`} role="status" data-testid="import-state">
          {state}
        </span>
      </div>
      <div className="progress-row">
        <label htmlFor="import-files-progress">{t('import.files')}</label>
        <progress id="import-files-progress" max={Math.max(1, p?.filesTotal ?? 1)} value={p?.filesDone ?? 0} />
        <span className="progress-figure" data-testid="import-files">
          {p ? t('import.ofTotal', { done: formatNumber(p.filesDone, lang), total: formatNumber(p.filesTotal, lang) }) : '…'}
        </span>
      </div>
      <div className="progress-row">
        <label htmlFor="import-bytes-progress">{t('import.bytes')}</label>
        <progress id="import-bytes-progress" max={Math.max(1, p?.bytesTotal ?? 1)} value={p?.bytesDone ?? 0} />
        <span className="progress-figure" data-testid="import-bytes">
          {p ? t('import.ofTotal', { done: formatBytes(p.bytesDone, t, lang), total: formatBytes(p.bytesTotal, t, lang) }) : '…'}
        </span>
      </div>
      {(job.phase === 'running' || job.phase === 'cancelling') && inFlight > 0 && (
        <p className="help">{t('import.inFlight', { n: formatNumber(inFlight, lang) })}</p>
      )}
      <div className="actions">
        {(job.phase === 'running' || job.phase === 'cancelling') && (
          <button type="button" className="button danger" onClick={onCancel} disabled={job.phase === 'cancelling'}>
            {t('import.cancel')}
          </button>
        )}
        {job.phase === 'done' && (
          <button type="button" className="button secondary" onClick={onClear}>
            {t('import.clear')}
          </button>
        )}
      </div>
    </div>
  );
}

/** What the import stored or found already stored, each item once, in the order of the walk. */
function ImportedToCase({ outcomes }: { outcomes: readonly IngestOutcomeView[] }) {
  const ids = [...new Set(outcomes.flatMap((o) => (o.status !== 'error' && o.id ? [o.id] : [])))];
  return ids.length > 0 ? <ImportToCase itemIds={ids} /> : null;
}

const ROW_HEIGHT = 58;

function ImportResults({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const scroller = useRef<HTMLDivElement>(null);
  const total = job.outcomes.length;
  // Outcomes grow in place, so job.version (not the array) says when to filter again.
  const rows = filterOutcomes(job.outcomes, filter, job.version);
  // No React Compiler here: the virtualizer re-renders this component on scroll, as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const filters: [Filter, number][] = [
    ['all', total],
    ['ingested', job.counts.ingested],
    ['duplicate', job.counts.duplicate],
    ['error', job.counts.error],
  ];
  return (
    <section className="results" aria-labelledby="import-results-title">
      <h2 id="import-results-title">{t('import.resultsTitle')}</h2>
      <div className="filter-bar" role="group" aria-label={t('import.filterLabel')}>
        {filters.map(([name, count]) => (
          <button
            key={name}
            type="button"
            className={`filter-chip ${name}`}
            aria-pressed={filter === name}
            onClick={() => setFilter(name)}
            data-testid={`count-${name}`}
          >
            {t(`import.filters.${name}`)} <span className="chip-count">{formatNumber(count, i18n.language)}</span>
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="help empty-results">{total === 0 ? t('import.noResultsYet') : t('import.noResultsInFilter')}</p>
      ) : (
        <div ref={scroller} className="result-scroller" tabIndex={0} role="region" aria-label={t('import.resultsTitle')}>
          <ul className="result-list" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const outcome = rows[v.index]!;
              return (
                <li key={v.key} className={`result-row ${outcome.status}`} style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }} data-testid="import-result">
                  <OutcomeRow outcome={outcome} />
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

const filterCache = new WeakMap<readonly IngestOutcomeView[], { key: string; rows: readonly IngestOutcomeView[] }>();
function filterOutcomes(outcomes: readonly IngestOutcomeView[], filter: Filter, version: number): readonly IngestOutcomeView[] {
  if (filter === 'all') return outcomes;
  const key = `${filter}:${version}:${outcomes.length}`;
  const cached = filterCache.get(outcomes);
  if (cached?.key === key) return cached.rows;
  const rows = outcomes.filter((o) => o.status === filter);
  filterCache.set(outcomes, { key, rows });
  return rows;
}

function OutcomeRow({ outcome }: { outcome: IngestOutcomeView }) {
  const { t } = useTranslation();
  const { folder, name } = splitPath(outcome.path);
  const reason = reasonKey(outcome.message, outcome.reason);
  return (
    <>
      <span className={`status-badge ${outcome.status}`}>{t(`import.status.${outcome.status}`)}</span>
      <span className="result-file" title={outcome.path}>
        <span className="result-name">{name}</span>
        <span className="result-folder">{folder}</span>
      </span>
      <span className="result-detail">
        {outcome.status === 'ingested' && outcome.id && (
          <>
            {t('import.storedAs')}{' '}
            <a href={itemHref(outcome.id)} className="mono">
              {outcome.id}
            </a>{' '}
            <ShareableBadge status={outcome.shareableStatus} />
          </>
        )}
        {outcome.status === 'duplicate' && outcome.id && (
          <>
            {t('import.duplicateOf')}{' '}
            <a href={itemHref(outcome.id)} className="mono">
              {outcome.id}
            </a>
          </>
        )}
        {outcome.status === 'error' &&
          (reason ? (
            <span>{t(reason.key, reason.kind ? { kind: t(reason.kind) } : {})}</span>
          ) : (
            <span lang="en">{outcome.message ?? t('import.reasons.generic')}</span>
          ))}
      </span>
    </>
  );
}
