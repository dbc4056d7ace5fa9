import { useTranslation } from 'react-i18next';
import { EmptyScreen } from './EmptyScreen.tsx';

export function ExportScreen(_props: { caseId: string | null }) {
  const { t } = useTranslation();
  return <EmptyScreen title={t('empty.export.title')} body={t('empty.export.body')} />;
}
