import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';

/**
 * The core's own message where it says exactly what is wrong (an incident date it cannot read, an
 * exhibit pattern). It is English: other languages get a translated lead before it.
 */
export function CoreMessage({ error, lead }: { error: AppError; lead: string }) {
  const { i18n } = useTranslation();
  if (i18n.language === 'en') return <>{error.message}</>;
  return (
    <>
      {lead} <span lang="en">{error.message}</span>
    </>
  );
}
