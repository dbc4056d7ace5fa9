import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/index.ts';
import type { Language } from '../i18n/index.ts';

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <div className="field">
        <label htmlFor="language">{t('settings.language')}</label>
        <select id="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`languages.${lang}`)}
            </option>
          ))}
        </select>
        <p className="help">{t('settings.languageHelp')}</p>
      </div>
    </section>
  );
}
