import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { id } from './id';

export type Language = 'id' | 'en';
export const LANGUAGES: readonly Language[] = ['id', 'en'];
const STORAGE_KEY = 'sasmita.language';

/** The language this device last used; Indonesian unless English was chosen. */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'id' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'id';
}

/** Switch the UI language and remember it on this device. */
export async function applyLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

const initial = storedLanguage() ?? 'id';
// Outside a browser (unit tests of modules that import this one) there is no document.
if (typeof document !== 'undefined') document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
