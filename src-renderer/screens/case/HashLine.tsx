import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../clipboard.ts';
import { shortHash } from '../../format.ts';

/**
 * A hash shortened to fit a row: the full value in its title and behind a copy button, which is in
 * the tab order only while its row is (`tabbable`). Without a hash it shows a dash.
 */
export function HashLine({
  kind,
  hash,
  copyLabel,
  testId,
  tabbable,
  after,
}: {
  kind: string;
  hash: string | null;
  copyLabel: string;
  testId: string;
  tabbable: boolean;
  after?: ReactNode;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 3000);
    return () => clearTimeout(timer);
  }, [copied]);
  const label = copied === 'copied' ? t('copy.copied') : copied === 'failed' ? t('copy.failed') : copyLabel;
  return (
    <span className="hash-line">
      <span className="hash-kind">{kind}</span>
      {hash ? (
        <>
          <code className="hash-short" title={hash} data-testid={testId} data-hash={hash}>
            {shortHash(hash)}…
          </code>
          <button
            type="button"
            className={copied === 'failed' ? 'icon-button failed' : 'icon-button'}
            aria-label={label}
            title={label}
            tabIndex={tabbable ? 0 : -1}
            onClick={() => void copyText(hash).then((ok) => setCopied(ok ? 'copied' : 'failed'))}
          >
            {copied === 'copied' ? <span aria-hidden="true">✓</span> : <CopyIcon />}
          </button>
        </>
      ) : (
        <span className="hash-short muted">—</span>
      )}
      {after}
    </span>
  );
}

function CopyIcon() {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5.5" y="5.5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M10.5 3V2.5A1.5 1.5 0 0 0 9 1H2.5A1.5 1.5 0 0 0 1 2.5V9a1.5 1.5 0 0 0 1.5 1.5H3" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
