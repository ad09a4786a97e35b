import { textIn, type Msg } from '../../shared/message';
import type { Check } from '../../shared/status';
import { coreCatalogues, type Language } from './i18n';

/**
 * A core message in the UI language `lng`; `fallback` (the core's English
 * sentence) when there is no message, its key is unknown or a param is missing.
 * A key the language lacks is rendered from the English catalogue.
 */
export function coreText(lng: string, m: Msg | null | undefined, fallback: string): string {
  return textIn(coreCatalogues[lng as Language] as Readonly<Record<string, string>> | undefined, lng, m, fallback);
}

/** A check's summary in the UI language `lng`. */
export function checkText(lng: string, c: Pick<Check, 'summary' | 'msg'>): string {
  return coreText(lng, c.msg, c.summary);
}
