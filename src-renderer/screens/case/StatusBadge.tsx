import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../src-shared/types/cases.ts';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`case-status ${status}`} data-testid="case-status">
      {t(`cases.status.${status}`)}
    </span>
  );
}
