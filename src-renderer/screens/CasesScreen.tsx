import { useTranslation } from 'react-i18next';
import { EmptyScreen } from './EmptyScreen.tsx';

export function CasesScreen() {
  const { t } = useTranslation();
  return <EmptyScreen title={t('empty.cases.title')} body={t('empty.cases.body')} />;
}
