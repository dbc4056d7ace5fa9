import { useTranslation } from 'react-i18next';
import { invoke } from '../../api.ts';

/**
 * The signer's key as published ahead of time (a .pub file): the signature is then checked against
 * it instead of the key the package carries, which alone proves nothing about who signed.
 */
export function PublishedKeyField({ keyFile, onChange, disabled }: { keyFile: string | null; onChange(path: string | null): void; disabled: boolean }) {
  const { t } = useTranslation();
  const choose = async () => {
    const result = await invoke('verify:choose-key', {});
    if (result.ok && result.value.path) onChange(result.value.path);
  };
  return (
    <div className="published-key" data-testid="published-key">
      <p className="published-key-title">{t('verify.publishedKey.title')}</p>
      <p className="help">{t('verify.publishedKey.help')}</p>
      <div className="published-key-row">
        {keyFile ? (
          <span className="mono break" data-testid="published-key-file">
            {keyFile}
          </span>
        ) : (
          <span className="muted">{t('verify.publishedKey.none')}</span>
        )}
        <button type="button" className="button secondary" onClick={() => void choose()} disabled={disabled}>
          {t('verify.publishedKey.choose')}
        </button>
        {keyFile && (
          <button type="button" className="button secondary" onClick={() => onChange(null)} disabled={disabled}>
            {t('verify.publishedKey.clear')}
          </button>
        )}
      </div>
    </div>
  );
}
