import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import { coreMessages } from '../../../shared/core-messages';
import coreZhCN from '../../../shared/i18n/core.zh-CN.json';

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

/** The core's sentences per language (Check.msg and friends); also the `core` namespace below. */
export const coreCatalogues: Record<Language, Readonly<Record<string, string>>> = { en: coreMessages, 'zh-CN': coreZhCN };

/** The UI language for a preference: explicit, or the first OS language we have (zh-* → zh-CN). */
export function pickLanguage(pref: 'system' | Language, osLanguages: readonly string[]): Language {
  if (pref !== 'system') return pref;
  for (const l of osLanguages) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

/** A fresh i18next instance (no global), bound to React. */
export function setupI18n(pref: 'system' | Language, osLanguages: readonly string[]): I18n {
  const inst = i18next.createInstance();
  void inst.use(initReactI18next).init({
    // `core`: the sentences the core produces, rendered by core-text.ts.
    resources: { en: { translation: en, core: coreCatalogues.en }, 'zh-CN': { translation: zhCN, core: coreCatalogues['zh-CN'] } },
    lng: pickLanguage(pref, osLanguages),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return inst;
}
