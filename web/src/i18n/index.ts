import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { account } from './account.ts';
import { common } from './common.ts';
import { creator } from './creator.ts';
import { publicPages } from './public.ts';
import { unit } from './unit.ts';
import { operator } from './operator.ts';
import { dashboard } from './dashboard.ts';
import { registrar } from './registrar.ts';

// Chinese is the default language, English the other; the choice is kept in localStorage and can
// be given in the address (`?lang=en`) so a link opens in the reader's language. Each area of the
// portal has its own namespace file here: a new area adds one import and one line below.
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const NAMESPACES = {
  common,
  public: publicPages,
  account,
  unit,
  operator,
  dashboard,
  creator,
  registrar,
} as const;

const STORAGE_KEY = 'sealchain.lang';

function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

export function readInitialLanguage(): Language {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromQuery)) return fromQuery;
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : 'zh-CN';
}

export function rememberLanguage(language: Language): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

function buildResources() {
  const resources: Record<Language, Record<string, object>> = { 'zh-CN': {}, en: {} };
  for (const [namespace, byLanguage] of Object.entries(NAMESPACES)) {
    for (const language of LANGUAGES) resources[language][namespace] = byLanguage[language];
  }
  return resources;
}

export async function startI18n(): Promise<typeof i18next> {
  const language = readInitialLanguage();
  rememberLanguage(language);
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: Object.keys(NAMESPACES),
    resources: buildResources(),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
