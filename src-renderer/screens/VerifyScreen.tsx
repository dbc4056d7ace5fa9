import { useTranslation } from 'react-i18next';
import { EmptyScreen } from './EmptyScreen.tsx';

export function VerifyScreen() {
  const { t } = useTranslation();
  return <EmptyScreen title={t('empty.verify.title')} body={t('empty.verify.body')} />;
}
