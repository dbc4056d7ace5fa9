import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ExportPlan } from '../../../src-shared/types/export.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { JobProgressPanel } from '../../components/JobProgressPanel.tsx';
import { formatBytes } from '../../format.ts';
import { caseHref, exportHref, hrefFor } from '../../routes.ts';
import { useExportJob } from '../../background-jobs.tsx';
import { IDLE, jobBusy, jobStateKey, jobTone } from '../../use-job.ts';
import type { JobState } from '../../use-job.ts';
import { DestinationField } from './DestinationField.tsx';
import { ExhibitPlan } from './ExhibitPlan.tsx';
import { ExportOptions } from './ExportOptions.tsx';
import type { ExportChoices } from './ExportOptions.tsx';
import { ExportSummary } from './ExportSummary.tsx';

/** The plan, kept on screen while it is fetched again after an override. */
function usePlan(caseId: string) {
  const [plan, setPlan] = useState<ExportPlan | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const load = useCallback(async () => {
    const result = await invoke('export:plan', { caseId });
    if (result.ok) {
      setPlan(result.value);
      setError(null);
    } else setError(result.error);
  }, [caseId]);
  useEffect(() => {
    let live = true;
    void invoke('export:plan', { caseId }).then((result) => {
      if (!live) return;
      if (result.ok) setPlan(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [caseId]);
  return { plan, error, reload: load };
}

export function CaseExport({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const { plan, error, reload } = usePlan(caseId);
  const exportJob = useExportJob();
  // The export running or last finished is shown on its own case's screen only.
  const last = exportJob.request;
  const mine = last?.caseId === caseId;
  const job = mine ? exportJob.job : IDLE;
  const { cancel, reset } = exportJob;
  const otherRunning = !mine && last && jobBusy(exportJob.job.phase) ? last : null;
  const [choices, setChoices] = useState<ExportChoices>(() => (mine ? { originals: last.originals, identities: last.identities } : { originals: false, identities: [] }));
  const [out, setOut] = useState(() => (mine ? last.out : ''));
  const [outMissing, setOutMissing] = useState(false);
  const summaryHeading = useRef<HTMLHeadingElement>(null);
  const busy = jobBusy(job.phase) || otherRunning !== null;
  const finished = job.phase === 'done' && job.value !== null;

  useEffect(() => {
    if (finished) summaryHeading.current?.focus();
  }, [finished]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const folder = out.trim();
    if (!folder) {
      setOutMissing(true);
      document.getElementById('export-destination')?.focus();
      return;
    }
    setOutMissing(false);
    if (!plan) return;
    void exportJob.startFor({ caseId, caseNumber: plan.caseNumber, out: folder, originals: choices.originals, identities: choices.identities }, () =>
      invoke('export:start', {
        caseId,
        out: folder,
        ...(choices.originals ? { originals: true } : {}),
        ...(choices.identities.length ? { identities: [...choices.identities] } : {}),
      }),
    );
  };

  if (!plan) {
    return (
      <section>
        <h1>{t('export.title')}</h1>
        {error ? <ErrorBanner error={error} /> : <p aria-busy="true">{t('export.loading')}</p>}
        <a className="back-link" href={hrefFor('export')}>
          {t('export.otherCase')}
        </a>
      </section>
    );
  }

  return (
    <section className="export-screen">
      <a className="back-link" href={caseHref(caseId)}>
        ← {t('export.backToCase', { number: plan.caseNumber })}
      </a>
      <h1 ref={summaryHeading} tabIndex={-1}>
        {t('export.caseTitle', { number: plan.caseNumber })}
      </h1>
      {finished && job.value ? (
        <ExportSummary
          result={job.value}
          onAgain={() => {
            reset();
            setOut('');
            // A new package asks again before originals or identities go in.
            setChoices({ originals: false, identities: [] });
            void reload();
          }}
        />
      ) : (
        <>
          <p className="lead">{t('export.intro')}</p>
          {otherRunning && (
            <p className="note" role="status" data-testid="export-other-running">
              {t('export.otherRunning', { number: otherRunning.caseNumber })} <a href={exportHref(otherRunning.caseId)}>{t('export.otherRunningLink')}</a>
            </p>
          )}
          {error && <ErrorBanner error={error} />}
          <ExhibitPlan exhibits={plan.exhibits} disabled={busy} onChanged={reload} />
          <ExportOptions persons={plan.persons} choices={choices} onChange={setChoices} disabled={busy} />
          <form className="panel export-write" onSubmit={submit} noValidate aria-labelledby="export-write-title">
            <h2 id="export-write-title">{t('export.writeTitle')}</h2>
            <DestinationField
              value={out}
              onChange={(folder) => {
                setOut(folder);
                setOutMissing(false);
              }}
              disabled={busy}
            />
            {outMissing && (
              <p className="field-error" role="alert">
                {t('export.destinationMissing')}
              </p>
            )}
            <p className="help">
              {t(choices.originals ? 'export.sizeWithOriginals' : 'export.size', { size: formatBytes(plan.bytes, t, i18n.language) })}{' '}
              {t('export.signedWith')} <span className="mono">{plan.fingerprint}</span>
            </p>
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {t('export.start')}
              </button>
            </div>
          </form>
          {job.phase !== 'idle' && <ExportProgress job={job} onCancel={() => void cancel()} />}
        </>
      )}
    </section>
  );
}

function ExportProgress({ job, onCancel }: { job: JobState<unknown>; onCancel(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tone = jobTone(job);
  const cancelled = tone === 'cancelled';
  const failed = tone === 'failed';
  const p = job.progress;
  return (
    <>
      <JobProgressPanel
        id="export-progress"
        title={t('export.progressTitle')}
        stateText={t(jobStateKey('export', job))}
        tone={tone}
        label={t('export.written')}
        done={p?.done ?? 0}
        total={p?.total ?? 0}
        figure={p ? t('export.ofTotal', { done: formatBytes(p.done, t, lang), total: formatBytes(p.total, t, lang) }) : '…'}
        cancel={job.phase === 'running' || job.phase === 'cancelling' ? { label: t('export.cancelExport'), onClick: onCancel, disabled: job.phase === 'cancelling' } : null}
      >
        {cancelled && <p className="help">{t('export.cancelledNote')}</p>}
      </JobProgressPanel>
      {failed && job.error && <ErrorBanner error={job.error} />}
    </>
  );
}
