import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ItemDetail } from '../../../src-shared/types/items.ts';
import type { ContentProofView, ShareableDetail } from '../../../src-shared/types/shareable.ts';
import { invoke } from '../../api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ShareableBadge } from '../../components/ShareableBadge.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { OverrideReasonForm } from '../../components/OverrideReasonForm.tsx';
import { formatBytes, formatDateTime, formatNumber } from '../../format.ts';

/** The core's reasons are English; the ones it gives for whole classes of files are translated here. */
const REASONS: Record<string, string> = {
  'Shareable copies of this kind of file cannot be made yet.': 'kindUnsupported',
  'The shareable copy could not be made because of an unexpected error.': 'unexpected',
  'The cleaning did not prove that the content is unchanged.': 'noProof',
  'Cleaning would have changed the content itself, so no copy was made.': 'contentChanged',
  'The copy is not identical to the original.': 'notIdentical',
  'The copy could not be checked for leftover metadata.': 'notChecked',
  'The check of the copy still found metadata that is not part of the picture, sound or document structure.': 'leftover',
};

type Busy = null | 'strip' | 'save-shareable' | 'save-original' | 'override';
type Notice = { kind: 'saved'; which: 'shareable' | 'original'; path: string; sha256: string } | { kind: 'not-saved' } | { kind: 'remade' } | null;

export function ShareableSection({ item, onChanged }: { item: ItemDetail; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const copy = item.shareable;
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [confirmOriginal, setConfirmOriginal] = useState(false);
  const [overriding, setOverriding] = useState(false);

  const run = async <T,>(what: Exclude<Busy, null>, call: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>, done: (value: T) => Notice) => {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      const result = await call();
      if (!result.ok) {
        setError(result.error);
        return false;
      }
      setNotice(done(result.value));
      await onChanged();
      return true;
    } finally {
      setBusy(null);
    }
  };

  const save = (which: 'shareable' | 'original') =>
    run(`save-${which}`, () => invoke('items:save', { id: item.id, which }), (v) => (v ? { kind: 'saved', which, path: v.path, sha256: v.sha256 } : { kind: 'not-saved' }));

  const stripped = copy?.status === 'stripped';
  return (
    <section className="detail-section shareable" aria-labelledby="shareable-title" data-testid="shareable-section">
      <div className="section-head">
        <h2 id="shareable-title">{t('shareable.title')}</h2>
        <ShareableBadge status={copy?.status ?? null} overridden={copy?.override != null} />
      </div>
      <p className="help">{t('shareable.intro')}</p>

      {copy === null ? (
        <p className="help" data-testid="shareable-none">
          {t('shareable.noneYet')}
        </p>
      ) : (
        <ShareableFacts item={item} copy={copy} />
      )}

      <div className="actions shareable-actions">
        <button type="button" className="button" disabled={!stripped || busy !== null} onClick={() => void save('shareable')}>
          {busy === 'save-shareable' ? t('shareable.saving') : t('shareable.saveCopy')}
        </button>
        <button type="button" className="button secondary" disabled={busy !== null} onClick={() => setConfirmOriginal(true)}>
          {busy === 'save-original' ? t('shareable.saving') : t('shareable.saveOriginal')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() => void run('strip', () => invoke('items:strip', { id: item.id }), () => ({ kind: 'remade' }))}
        >
          {busy === 'strip' ? t('shareable.remaking') : copy === null ? t('shareable.make') : t('shareable.remake')}
        </button>
        {copy !== null && !stripped && copy.override === null && !overriding && (
          <button type="button" className="button danger" disabled={busy !== null} onClick={() => setOverriding(true)}>
            {t('shareable.shareAnyway')}
          </button>
        )}
      </div>
      {!stripped && <p className="help">{t('shareable.saveCopyDisabled')}</p>}

      <div role="status" className="shareable-notice" data-testid="shareable-notice">
        {notice?.kind === 'saved' && (
          <span className="save-status">
            {t(notice.which === 'shareable' ? 'shareable.savedCopy' : 'shareable.savedOriginal', { path: notice.path })}{' '}
            <span className="mono break">SHA-256 {notice.sha256}</span>
          </span>
        )}
        {notice?.kind === 'not-saved' && <span className="muted">{t('shareable.notSaved')}</span>}
        {notice?.kind === 'remade' && <span className="save-status">{t('shareable.remade')}</span>}
      </div>
      {error && <ErrorBanner error={error} />}

      {overriding && copy !== null && (
        <OverrideReasonForm
          texts={{
            title: t('shareable.overrideFormTitle'),
            warning: t('shareable.overrideWarning'),
            label: t('shareable.overrideReasonLabel'),
            help: t('shareable.overrideReasonHelp'),
            missing: t('shareable.overrideReasonMissing'),
            submit: t('shareable.overrideSubmit'),
            cancel: t('shareable.cancel'),
          }}
          fieldId="override-reason"
          testId="override-form"
          onCancel={() => setOverriding(false)}
          busy={busy === 'override'}
          onSubmit={(reason) => {
            void run('override', () => invoke('items:override', { id: item.id, reason }), () => null).then((ok) => {
              if (ok) setOverriding(false);
            });
          }}
        />
      )}

      <ConfirmOriginalDialog
        open={confirmOriginal}
        onCancel={() => setConfirmOriginal(false)}
        onConfirm={() => {
          setConfirmOriginal(false);
          void save('original');
        }}
      />
      {copy !== null && <p className="help">{t(stripped ? 'shareable.madeAt' : 'shareable.triedAt', { at: formatDateTime(copy.createdAt, lang) })}</p>}
    </section>
  );
}

function ShareableFacts({ item, copy }: { item: ItemDetail; copy: ShareableDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const reasonKey = copy.reason ? REASONS[copy.reason] : undefined;
  return (
    <>
      {copy.status !== 'stripped' && (
        <div className={`share-reason ${copy.status}`} data-testid="shareable-reason">
          <strong>{t(`shareable.reasonTitle.${copy.status}`)}</strong>{' '}
          {reasonKey ? <span>{t(`shareable.reasons.${reasonKey}`)}</span> : <span lang="en">{copy.reason ?? t('shareable.reasons.none')}</span>}
          {copy.verification && copy.verification.offending.length > 0 && (
            <p className="help">
              {t('shareable.offending')} <span className="mono">{copy.verification.offending.join(', ')}</span>
            </p>
          )}
        </div>
      )}
      {copy.override && (
        <div className="share-override" data-testid="shareable-override">
          <strong>{t('shareable.overrideTitle')}</strong>{' '}
          {t('shareable.overrideBy', { actor: copy.override.actor, at: formatDateTime(copy.override.at, lang) })}
          <p className="override-reason">
            {t('shareable.overrideReason')} <q>{copy.override.reason}</q>
          </p>
        </div>
      )}
      <div className="hash-pair">
        <HashBox label={t('shareable.originalHash')} value={item.sha256} copyLabel={t('shareable.copyOriginalHash')} testId="shareable-original-sha256" />
        {copy.sha256 ? (
          <HashBox label={t('shareable.copyHash')} value={copy.sha256} copyLabel={t('shareable.copyCopyHash')} testId="shareable-copy-sha256" />
        ) : (
          <div className="hash-box muted-box">
            <div className="hash-label">{t('shareable.copyHash')}</div>
            <p className="help">{t('shareable.noCopyFile')}</p>
          </div>
        )}
      </div>
      {copy.proof && <ProofBox proof={copy.proof} />}
      <dl className="facts share-facts">
        <div>
          <dt>{t('shareable.method')}</dt>
          <dd className="mono" data-testid="shareable-method">
            {copy.method === 'none' ? <span className="muted">{t('shareable.methodNone')}</span> : copy.method}
          </dd>
        </div>
        <div>
          <dt>{t('shareable.size')}</dt>
          <dd>{copy.size === null ? <span className="muted">{t('detail.none')}</span> : formatBytes(copy.size, t, lang)}</dd>
        </div>
        <div>
          <dt>{t('shareable.removedCount')}</dt>
          <dd data-testid="shareable-removed-count">{formatNumber(copy.removed.length, lang)}</dd>
        </div>
        <div>
          <dt>{t('shareable.scan')}</dt>
          <dd>{copy.verification?.ok ? t('shareable.scanPassed') : copy.status === 'unsupported' ? t('shareable.scanNotRun') : t('shareable.scanNotPassed')}</dd>
        </div>
        <div className="full">
          <dt>{t('shareable.toolVersions')}</dt>
          <dd className="mono" data-testid="shareable-tools">
            {Object.entries(copy.toolVersions)
              .map(([tool, version]) => `${tool} ${version}`)
              .join(' · ')}
          </dd>
        </div>
      </dl>
    </>
  );
}

function HashBox({ label, value, copyLabel, testId }: { label: string; value: string; copyLabel: string; testId: string }) {
  const id = useId();
  return (
    <div className="hash-box">
      <div className="hash-label" id={id}>
        {label}
      </div>
      <code className="hash-value small" data-testid={testId} aria-labelledby={id}>
        {value}
      </code>
      <CopyButton text={value} label={copyLabel} />
    </div>
  );
}

function ProofBox({ proof }: { proof: ContentProofView }) {
  const { t } = useTranslation();
  return (
    <div className={proof.identical ? 'proof-box identical' : 'proof-box different'} data-testid="shareable-proof">
      <p className="proof-title">
        <span aria-hidden="true">{proof.identical ? '✓ ' : '✗ '}</span>
        {proof.identical ? t(`shareable.proof.${proof.kind}`) : t('shareable.proof.different')}
      </p>
      <p className="help">{t(`shareable.proofHow.${proof.kind}`)}</p>
      <dl className="proof-hashes">
        <dt>{t('shareable.proofOriginal')}</dt>
        <dd className="mono break">{proof.original}</dd>
        <dt>{t('shareable.proofCopy')}</dt>
        <dd className="mono break">{proof.copy}</dd>
      </dl>
    </div>
  );
}

/** A modal confirmation: the original carries what the copy removes. Escape and Cancel leave it. */
function ConfirmOriginalDialog({ open, onConfirm, onCancel }: { open: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  if (!open) return null;
  return (
    <ConfirmDialog
      id="confirm-original"
      title={t('shareable.confirmTitle')}
      confirmLabel={t('shareable.confirmSave')}
      cancelLabel={t('shareable.cancel')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="confirm-original"
    >
      <p>{t('shareable.confirmBody')}</p>
      <p className="override-warning">{t('shareable.confirmAdvice')}</p>
    </ConfirmDialog>
  );
}
