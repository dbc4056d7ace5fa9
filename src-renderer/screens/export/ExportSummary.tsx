import { useTranslation } from 'react-i18next';
import type { CaseExport } from '../../../src-shared/types/export.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatNumber } from '../../format.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { verifyNext } from '../verify/verify-handoff.ts';
import { LeftOutReason } from './LeftOutReason.tsx';

/** What the export wrote, with what a recipient needs to check it, and a way to check it now. */
export function ExportSummary({ result, onAgain }: { result: CaseExport; onAgain(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const copies = result.exhibits.filter((x) => x.included === 'copy').length;
  const overridden = result.exhibits.length - copies;
  return (
    <section className="panel export-summary" aria-labelledby="export-summary-title" data-testid="export-summary">
      <h2 id="export-summary-title">{t('export.summaryTitle', { number: result.caseNumber })}</h2>
      <dl className="facts summary-facts">
        <div className="full">
          <dt>{t('export.summary.folder')}</dt>
          <dd className="mono" data-testid="summary-folder">
            {result.out}
          </dd>
        </div>
        <div className="span-2">
          <dt>{t('export.summary.exhibits')}</dt>
          <dd data-testid="summary-exhibits">
            {t('export.summary.exhibitsValue', { n: formatNumber(result.exhibits.length, lang), copies: formatNumber(copies, lang), originals: formatNumber(overridden, lang) })}
          </dd>
        </div>
        <div className="span-2">
          <dt>{t('export.summary.leftOut')}</dt>
          <dd data-testid="summary-left-out-count">{formatNumber(result.leftOut.length, lang)}</dd>
        </div>
        <div className="span-2">
          <dt>{t('export.summary.originals')}</dt>
          <dd data-testid="summary-originals">
            {result.originals === 0 ? t('export.summary.noOriginals') : t('export.summary.originalsValue', { n: formatNumber(result.originals, lang) })}
          </dd>
        </div>
        <div className="span-2">
          <dt>{t('export.summary.payloadOxum')}</dt>
          <dd className="mono" data-testid="summary-oxum">
            {result.payloadOxum}
          </dd>
        </div>
        <div className="span-4">
          <dt>{t('export.summary.identity')}</dt>
          <dd className="mono" data-testid="summary-identity">
            {result.identity}
          </dd>
        </div>
        <div className="full">
          <dt>{t('export.summary.fingerprint')}</dt>
          <dd className="key-line">
            <code className="mono" data-testid="summary-fingerprint">
              {result.fingerprint}
            </code>
            <CopyButton text={result.fingerprint} label={t('export.summary.copyFingerprint')} />
          </dd>
        </div>
        <div className="full">
          <dt>{t('export.summary.tagManifest')}</dt>
          <dd className="mono" data-testid="summary-tag-manifest">
            {result.tagManifestSha256}
          </dd>
        </div>
      </dl>
      {result.leftOut.length > 0 && (
        <div className="summary-left-out">
          <h3>{t('export.summary.leftOutTitle')}</h3>
          <ul data-testid="summary-left-out">
            {result.leftOut.map((x) => (
              <li key={x.itemId}>
                <span className="mono">{x.label}</span> — <LeftOutReason reason={x.reason} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="help">{t('export.summary.recorded')}</p>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            verifyNext(result.out);
            navigate(hrefFor('verify'));
          }}
        >
          {t('export.verifyPackage')}
        </button>
        <button type="button" className="button secondary" onClick={onAgain}>
          {t('export.again')}
        </button>
      </div>
    </section>
  );
}
