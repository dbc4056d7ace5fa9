import { useTranslation } from 'react-i18next';
import { EmptyScreen } from './EmptyScreen.tsx';

export function CaseScreen({ caseId }: { caseId: string; tab: string | null }) {
  const { t } = useTranslation();
  return <EmptyScreen title={caseId} body={t('empty.cases.body')} />;
}
