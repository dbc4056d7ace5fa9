import { useTranslation } from 'react-i18next';
import type { AppError } from '../../src-shared/result.ts';

/** Shows an error by its code, in the user's language; the core's English text is the detail. */
export function ErrorBanner({ error }: { error: AppError }) {
  const { t } = useTranslation();
  return (
    <div className="error-banner" role="alert">
      <strong>{t(`errors.${error.code}`)}</strong>
      {error.message && <span className="error-detail"> {error.message}</span>}
    </div>
  );
}
