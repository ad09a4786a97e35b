import type { NoticeLanguage } from '../../shared/notify';
import type { UserPrefs } from '../../shared/snapshot';
import type { Check } from '../../shared/status';
import type { TrayLanguage } from '../../shared/tray';
import { textIn } from '../../shared/message';
// The core's sentences in Chinese (the renderer's core catalogue): the tray and notices show problems in their language too.
import coreZhCN from '../../shared/i18n/core.zh-CN.json';

export type ShellLanguage = TrayLanguage & NoticeLanguage;

/** The language the tray and notices speak, and how a check's sentence reads in it. */
export interface ShellSpeech {
  language: ShellLanguage;
  checkText: (c: Check) => string;
}

/** The user's choice; 'system' follows the OS locale (Chinese for any zh-*, English otherwise). */
export function shellLanguage(choice: UserPrefs['language'], locale: () => string): ShellLanguage {
  if (choice === 'en' || choice === 'zh-CN') return choice;
  return locale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Speech for the snapshot's prefs: checks read through the core catalogue, the English summary as the fallback. */
export function speechFor(prefs: UserPrefs, locale: () => string): ShellSpeech {
  const language = shellLanguage(prefs.language, locale);
  const catalogue = language === 'zh-CN' ? coreZhCN : undefined;
  return { language, checkText: (c) => textIn(catalogue, language, c.msg, c.summary) };
}
