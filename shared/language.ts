/** The languages LabTray speaks: the window, the tray, notifications and the core's findings alike. */
export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

/** What the user picks in Settings (saved in the config's `ui.language`): a language, or the OS's. */
export type LanguageChoice = 'system' | Language;

export function isLanguage(s: unknown): s is Language {
  return typeof s === 'string' && (languages as readonly string[]).includes(s);
}

/** The language for a choice: explicit, or the first OS language we have (any zh-* reads Simplified Chinese). */
export function pickLanguage(choice: LanguageChoice, osLanguages: readonly string[]): Language {
  if (choice !== 'system') return choice;
  for (const l of osLanguages) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}
