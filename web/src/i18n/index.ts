import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common.ts';
import { areaMenus } from './menus.ts';
import { problems } from './problems.ts';
import { publicPages } from './public.ts';

// Chinese is the default language, English the other; the choice is kept in localStorage and can
// be given in the address (`?lang=en`) so a link opens in the reader's language. Each area of the
// portal has its own namespace file here. The common and public namespaces load with the main
// chunk; an area's namespace loads with its pages' chunk (loadPageWith in its routes.tsx), its
// menu labels from menus.ts meanwhile. A new area adds a loader below and its menu to menus.ts.
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const EAGER_NAMESPACES = { common, public: publicPages, problem: problems } as const;

type Namespace = Record<Language, object>;

const AREA_NAMESPACES = {
  account: () => import('./account.ts').then((m): Namespace => m.account),
  unit: () => import('./unit.ts').then((m): Namespace => m.unit),
  operator: () => import('./operator.ts').then((m): Namespace => m.operator),
  dashboard: () => import('./dashboard.ts').then((m): Namespace => m.dashboard),
  creator: () => import('./creator.ts').then((m): Namespace => m.creator),
  registrar: () => import('./registrar.ts').then((m): Namespace => m.registrar),
} as const;

export type AreaNamespace = keyof typeof AREA_NAMESPACES;

const loading = new Map<AreaNamespace, Promise<void>>();

/** Adds an area's namespace (both languages) to i18next, once. */
function loadAreaNamespace(name: AreaNamespace): Promise<void> {
  let loaded = loading.get(name);
  if (loaded === undefined) {
    loaded = AREA_NAMESPACES[name]().then((namespace) => {
      for (const language of LANGUAGES) {
        i18next.addResourceBundle(language, name, namespace[language], true, true);
      }
    });
    loaded.catch(() => loading.delete(name));
    loading.set(name, loaded);
  }
  return loaded;
}

/** A page's module, loaded together with the area namespaces it reads (for React.lazy). */
export async function loadPageWith<T>(names: readonly AreaNamespace[], load: () => Promise<T>): Promise<T> {
  const [page] = await Promise.all([load(), ...names.map(loadAreaNamespace)]);
  return page;
}

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
  for (const language of LANGUAGES) {
    for (const [namespace, byLanguage] of Object.entries(EAGER_NAMESPACES)) {
      resources[language][namespace] = byLanguage[language];
    }
    Object.assign(resources[language], structuredClone(areaMenus[language]));
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
    ns: [...Object.keys(EAGER_NAMESPACES), ...Object.keys(AREA_NAMESPACES)],
    resources: buildResources(),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
