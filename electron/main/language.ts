import { pickLanguage, type Language } from '../../shared/language';
import type { UserPrefs } from '../../shared/snapshot';

/** The language the tray and notices speak: the user's choice; 'system' follows the OS locale (any zh-* reads Chinese). */
export function shellLanguage(choice: UserPrefs['language'], locale: () => string): Language {
  return pickLanguage(choice, [locale()]);
}
