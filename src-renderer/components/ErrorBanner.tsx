import { useTranslation } from 'react-i18next';
import type { AppError } from '../../src-shared/result.ts';

/**
 * Shows an error by its code, in the user's language. The core's own text is English; it is shown
 * beside the message in English, and folded away as a technical detail in other languages.
 * `context` names a more specific catalog section (e.g. "unlock.errors") tried before `errors`.
 */
export function ErrorBanner({ error, context }: { error: AppError; context?: string }) {
  const { t, i18n } = useTranslation();
  const keys = context ? [`${context}.${error.code}`, `errors.${error.code}`] : [`errors.${error.code}`];
  const title = t(keys);
  // The core's text adds nothing when it is just the generic English message for the code.
  const generic = t(`errors.${error.code}`, { lng: 'en' });
  const detail = error.message && error.message !== title && error.message !== generic ? error.message : null;
  return (
    <div className="error-banner" role="alert">
      <strong>{title}</strong>
      {detail && i18n.language === 'en' && <span className="error-detail"> {detail}</span>}
      {detail && i18n.language !== 'en' && (
        <details className="error-technical">
          <summary>{t('errors.technical')}</summary>
          <span lang="en">{detail}</span>
        </details>
      )}
    </div>
  );
}
