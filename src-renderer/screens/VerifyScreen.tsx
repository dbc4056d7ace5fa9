import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { JobProgressPanel } from '../components/JobProgressPanel.tsx';
import { formatBytes } from '../format.ts';
import { useVerifyJob } from '../background-jobs.tsx';
import { jobBusy, jobStateKey, jobTone } from '../use-job.ts';
import { PublishedKeyField } from './verify/PublishedKeyField.tsx';
import { VerifyDropZone } from './verify/VerifyDropZone.tsx';
import { VerifyResult } from './verify/VerifyResult.tsx';
import { takeVerifyTarget } from './verify/verify-handoff.ts';

/** Checks a filing package or a checksum file, as `evidence-vault verify <path>` does; no vault needed. */
export function VerifyScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { job, cancel, target, keyUsed, keyFile, setKeyFile, verify } = useVerifyJob();
  // A package handed over by the Export screen is checked straight away.
  const [handed] = useState(takeVerifyTarget);
  const busy = jobBusy(job.phase);

  // Once: `verify` changes with the job's phase, and the package must not be checked again.
  const handedOver = useRef(false);
  useEffect(() => {
    if (!handed || handedOver.current) return;
    handedOver.current = true;
    verify(handed);
  }, [handed, verify]);

  const tone = jobTone(job);
  const failed = tone === 'failed';
  const p = job.progress;
  return (
    <section className="verify-screen">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <VerifyDropZone busy={busy} onPath={verify} />
      <PublishedKeyField keyFile={keyFile} onChange={setKeyFile} disabled={busy} />
      {target && job.phase !== 'idle' && (
        <p className="verify-target">
          {t('verify.checking')} <span className="mono break" data-testid="verify-target">{target}</span>
        </p>
      )}
      {job.phase !== 'idle' && (
        <JobProgressPanel
          id="verify-progress"
          title={t('verify.progressTitle')}
          stateText={t(jobStateKey('verify', job))}
          tone={tone}
          label={t('verify.hashed')}
          done={p?.done ?? 0}
          total={p?.total ?? 0}
          figure={p ? t('verify.ofTotal', { done: formatBytes(p.done, t, lang), total: formatBytes(p.total, t, lang) }) : '…'}
          cancel={job.phase === 'running' || job.phase === 'cancelling' ? { label: t('verify.cancel'), onClick: () => void cancel(), disabled: job.phase === 'cancelling' } : null}
        />
      )}
      {failed && job.error && <ErrorBanner error={job.error} />}
      {job.phase === 'done' && job.value && job.jobId && <VerifyResult key={job.jobId} report={job.value} jobId={job.jobId} pinnedKey={keyUsed} />}
    </section>
  );
}
