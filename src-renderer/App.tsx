import { useTranslation } from 'react-i18next';
import { AppFrame } from './components/AppFrame.tsx';
import { useRoute } from './routes.ts';
import type { Route } from './routes.ts';
import { AboutScreen } from './screens/AboutScreen.tsx';
import { EmptyScreen } from './screens/EmptyScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';

export function App() {
  const [route, navigate] = useRoute();
  return (
    <AppFrame route={route} onNavigate={navigate}>
      <Screen route={route} />
    </AppFrame>
  );
}

function Screen({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route) {
    case 'settings':
      return <SettingsScreen />;
    case 'about':
      return <AboutScreen />;
    default:
      return <EmptyScreen title={t(`empty.${route}.title`)} body={t(`empty.${route}.body`)} />;
  }
}
