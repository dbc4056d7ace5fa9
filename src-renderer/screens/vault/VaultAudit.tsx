import { useTranslation } from 'react-i18next';
import type { AuditReport } from '../../../src-shared/types/audit.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { JobProgressPanel } from '../../components/JobProgressPanel.tsx';
import { formatBytes, formatNumber } from '../../format.ts';
import { itemHref } from '../../routes.ts';
import { useAuditJob } from '../../background-jobs.tsx';
import { jobBusy } from '../../use-job.ts';

/** "Verify this vault": every stored object hashed again and the custody chain walked, as a custody event. */
export function VaultAudit() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { job, start } = useAuditJob();
  const busy = jobBusy(job.phase);
  const p = job.progress;
  const failed = job.phase === 'done' && job.error !== null;
  return (
    <section className="vault-audit" aria-labelledby="vault-audit-title" data-testid="vault-audit">
      <h2 id="vault-audit-title">{t('audit.title')}</h2>
      <p className="help">{t('audit.intro')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void start(() => invoke('audit:start', {}))} disabled={busy}>
          {job.phase === 'done' ? t('audit.again') : t('audit.start')}
        </button>
      </div>
      {job.phase !== 'idle' && (
        <JobProgressPanel
          id="audit-progress"
          title={t('audit.progressTitle')}
          stateText={t(failed ? 'audit.state.failed' : job.phase === 'done' ? 'audit.state.done' : 'audit.state.running')}
          tone={failed ? 'failed' : job.phase === 'done' ? 'done' : 'running'}
          label={t('audit.checked')}
          done={p?.done ?? 0}
          total={p?.total ?? 0}
          figure={p ? t('audit.ofTotal', { done: formatBytes(p.done, t, lang), total: formatBytes(p.total, t, lang) }) : '…'}
        />
      )}
      {failed && job.error && <ErrorBanner error={job.error} />}
      {job.phase === 'done' && job.value && <AuditResult report={job.value} />}
    </section>
  );
}

function AuditResult({ report }: { report: AuditReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="audit-result" data-testid="audit-result">
      <div className={report.ok ? 'verdict ok' : 'verdict problems'} role="status" data-testid="audit-verdict" data-ok={report.ok}>
        <p className="verdict-title">
          <span aria-hidden="true">{report.ok ? '✓ ' : '✗ '}</span>
          {report.ok ? t('audit.ok') : t('audit.problems', { n: formatNumber(report.problems.length, lang) })}
        </p>
        <p className="verdict-detail">{t('audit.recorded')}</p>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('audit.items')}</dt>
          <dd data-testid="audit-items">{formatNumber(report.itemsChecked, lang)}</dd>
        </div>
        <div>
          <dt>{t('audit.bytes')}</dt>
          <dd data-testid="audit-bytes">{formatBytes(report.bytesChecked, t, lang)}</dd>
        </div>
        <div>
          <dt>{t('audit.events')}</dt>
          <dd data-testid="audit-events">{formatNumber(report.eventsChecked, lang)}</dd>
        </div>
        <div className="full">
          <dt>{t('audit.head')}</dt>
          <dd className="mono" data-testid="audit-head">
            {report.chainHead ? t('audit.headValue', { seq: report.chainHead.seq, hash: report.chainHead.hash }) : t('audit.noHead')}
          </dd>
        </div>
      </dl>
      {report.problems.length > 0 && (
        <ul className="audit-problems" data-testid="audit-problems">
          {report.problems.map((problem, i) => (
            <li key={i}>
              <strong>{t(`audit.kinds.${problem.kind}`)}</strong>
              {problem.itemId && (
                <>
                  {' '}
                  <a className="mono" href={itemHref(problem.itemId)}>
                    {problem.itemId}
                  </a>
                </>
              )}
              {problem.eventSeq !== undefined && <span className="mono"> #{problem.eventSeq}</span>} <span lang="en">{problem.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
