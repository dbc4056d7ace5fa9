import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../clipboard.ts';

/** A copy button that says, next to itself, whether the copy worked. */
export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (result !== 'copied') return;
    const timer = setTimeout(() => setResult(null), 4000);
    return () => clearTimeout(timer);
  }, [result]);
  return (
    <span className="copy">
      <button type="button" className={className ?? 'button secondary small'} onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}>
        {label}
      </button>
      <span className={result === 'failed' ? 'copy-status failed' : 'copy-status'} role="status">
        {result === 'copied' && t('copy.copied')}
        {result === 'failed' && t('copy.failed')}
      </span>
    </span>
  );
}
