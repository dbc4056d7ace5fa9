import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { SignatureCheck, VerifyReport } from '../../../src-shared/types/verify.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatNumber } from '../../format.ts';
import { FileChecksTable } from './FileChecksTable.tsx';

/** The verdict first, then the signature, the problems, a way to keep the report, and every file. */
export function VerifyResult({ report, jobId, pinnedKey }: { report: VerifyReport; jobId: string; pinnedKey: string | null }) {
  return (
    <div className="verify-result">
      <Verdict report={report} />
      {(report.kind === 'bag' || report.signature.status !== 'absent') && <SignatureStatus signature={report.signature} pinned={pinnedKey !== null} />}
      {report.problems.length > 0 && <ProblemList problems={report.problems} />}
      <SaveReport jobId={jobId} />
      <FileChecksTable report={report} />
    </div>
  );
}

function Verdict({ report }: { report: VerifyReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const c = report.counts;
  const n = (x: number) => formatNumber(x, lang);
  return (
    <div className={report.ok ? 'verdict ok' : 'verdict problems'} role="status" data-testid="verify-verdict" data-ok={report.ok}>
      <p className="verdict-title">
        <span aria-hidden="true">{report.ok ? '✓ ' : '✗ '}</span>
        {report.ok ? t('verify.verdict.ok') : t('verify.verdict.problems')}
      </p>
      <p className="verdict-detail">
        {report.ok
          ? t(report.kind === 'bag' ? 'verify.verdict.okBag' : 'verify.verdict.okChecksums', { n: n(c.ok), algorithms: report.algorithms.join(', ') })
          : t('verify.verdict.counts', { ok: n(c.ok), missing: n(c.missing), extra: n(c.extra), mismatched: n(c.mismatched), other: n(report.problems.length) })}
      </p>
    </div>
  );
}

function SignatureStatus({ signature, pinned }: { signature: SignatureCheck; pinned: boolean }) {
  const { t } = useTranslation();
  const fingerprint = signature.status === 'absent' ? undefined : signature.fingerprint;
  return (
    <div className={`signature-box ${signature.status}`} data-testid="verify-signature" data-status={signature.status}>
      <p className="signature-title">
        <span aria-hidden="true">{signature.status === 'valid' ? '✓ ' : signature.status === 'invalid' ? '✗ ' : '– '}</span>
        {t(`verify.signature.${signature.status}`)}
      </p>
      <p className="help">{t(pinned && signature.status === 'valid' ? 'verify.signatureHelp.validPinned' : `verify.signatureHelp.${signature.status}`)}</p>
      {fingerprint && (
        <dl className="signature-facts">
          <dt>{t('verify.signature.fingerprint')}</dt>
          <dd className="mono" data-testid="verify-fingerprint">
            {fingerprint}
          </dd>
          {signature.status === 'valid' && (
            <>
              <dt>{t('verify.signature.keyFile')}</dt>
              <dd className="mono">{signature.keyFile}</dd>
            </>
          )}
        </dl>
      )}
      {(signature.status === 'invalid' || signature.status === 'no_key') && (
        <p className="signature-message" lang="en">
          {signature.message}
        </p>
      )}
    </div>
  );
}

function ProblemList({ problems }: { problems: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <section className="verify-problems" aria-labelledby="verify-problems-title">
      <h2 id="verify-problems-title">{t('verify.problemsTitle')}</h2>
      <p className="help">{t('verify.problemsHelp')}</p>
      <ul data-testid="verify-problems">
        {problems.map((p, i) => (
          <li key={i} lang="en">
            {p}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SaveReport({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<AppError | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    const result = await invoke('verify:save-report', { jobId });
    setBusy(false);
    if (result.ok) setSaved(result.value?.path ?? null);
    else setError(result.error);
  };
  return (
    <div className="verify-save">
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => void save()} disabled={busy}>
          {t('verify.saveReport')}
        </button>
        <span role="status" data-testid="verify-saved" className={saved ? 'save-status break' : 'muted'}>
          {saved && t('verify.savedTo', { path: saved })}
          {saved === null && t('verify.notSaved')}
        </span>
      </div>
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
