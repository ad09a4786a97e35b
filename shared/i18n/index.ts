import i18next, { type i18n as I18n, type InterpolationOptions, type ResourceLanguage } from 'i18next';
import type { Language } from '../language';
import { formatAgeHours, formatBytes, formatDuration } from '../units';
import en from './en.json';
import zhCN from './zh-CN.json';

/**
 * The one text engine: i18next, one instance per language, each created on
 * first use and kept (never i18next's global instance). One catalogue per
 * language, in namespaces:
 * - `ui`: the window (the renderer's default namespace),
 * - `core`: the sentences the core puts in checks and other findings (flat
 *   keys such as `pve.nodeOffline`, rendered through message.ts),
 * - `tray`: the tray menu, `notify`: desktop notices.
 * A key a language lacks falls back to English.
 */
const catalogues: Record<Language, ResourceLanguage> = { en, 'zh-CN': zhCN };
/** The English catalogue with its keys typed: English is the fallback of every other language. */
export const english = en;

/** A text engine: the i18next instance of one language, and the fast path for the core's sentences. */
export interface TextEngine {
  i18n: I18n;
  language: Language;
  /**
   * A `core` template filled in with `values` by i18next's interpolator and
   * formatters; null when the key is in no catalogue or a placeholder has no
   * value (a half sentence is worse than the English fallback). Templates are
   * looked up directly rather than through `t()`: a core sentence has no
   * context or nesting, and a finding is said for each of 1,000 guests, where
   * `t()`'s key resolution would triple the cost. Plurals are i18next's: a key
   * with `_one` / `_other` forms (Chinese: `_other` only) is picked by the
   * language's plural rule for the numeric `count` value.
   */
  core(key: string, values: Record<string, unknown>, opts: CoreOptions): string | null;
}

/** Options the formatters read. `isoTimes`: times as ISO text, not local; the English summaries (CLI, logs) read the same on every machine. */
export interface CoreOptions {
  isoTimes: boolean;
}

/** The part of i18next's plural resolver the fast path uses (i18next types its services loosely). */
interface PluralResolver {
  /** `_one`, `_other`, ... for `count` in language `code`. */
  getSuffix(code: string, count: number): string;
}

const engines = new Map<Language, TextEngine>();

/** The engine for `lng`; the first call for a language builds it (synchronously: the catalogues are bundled). */
export function textEngine(lng: Language): TextEngine {
  let e = engines.get(lng);
  if (!e) engines.set(lng, (e = createEngine(lng)));
  return e;
}

/** The i18next instance for `lng` (the renderer hands it to react-i18next). */
export function i18nFor(lng: Language): I18n {
  return textEngine(lng).i18n;
}

function createEngine(lng: Language): TextEngine {
  let lacked = false;
  const inst = i18next.createInstance();
  void inst.init({
    resources: lng === 'en' ? { en } : { [lng]: catalogues[lng], en },
    lng,
    fallbackLng: 'en',
    ns: ['ui', 'core', 'tray', 'notify'],
    defaultNS: 'ui',
    initAsync: false,
    // Said outright, so i18next does not test every key for natural-language text (a cost on each call).
    keySeparator: '.',
    nsSeparator: ':',
    // Text goes to React (which escapes), Electron menus and notices (plain text): never HTML-escape here.
    interpolation: { escapeValue: false },
    // Marks a sentence with a hole; `core()` then answers null.
    missingInterpolationHandler: () => {
      lacked = true;
      return '';
    },
  });
  const fmt = inst.services.formatter;
  if (!fmt) throw new Error('i18next has no formatter service');
  const localTime = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' });
  const listSep = lng === 'zh-CN' ? '、' : ', ';
  const semiSep = lng === 'zh-CN' ? '；' : '; ';
  const join = (sep: string) => (v: unknown): string => (Array.isArray(v) ? v.join(sep) : String(v));
  const num = (f: (n: number) => string) => (v: unknown): string => (typeof v === 'number' ? f(v) : String(v));
  // The formats a template may name, e.g. `{{uptime, duration}}`; each gets the value as the message carries it.
  fmt.add('duration', num((s) => formatDuration(s, lng)));
  fmt.add('hours', num((h) => formatAgeHours(h, lng)));
  fmt.add('time', (v: unknown, _lng: string | undefined, options: Partial<CoreOptions>) =>
    typeof v === 'number' ? (options.isoTimes ? new Date(v * 1000).toISOString() : localTime.format(v * 1000)) : String(v),
  );
  fmt.add('list', join(listSep));
  fmt.add('semi', join(semiSep));
  fmt.add('lines', join('\n'));
  fmt.add('bytes', num((n) => formatBytes(n)));

  const own = catalogues[lng].core as Readonly<Record<string, string>>;
  const fallback = en.core as Readonly<Record<string, string>>;
  const interpolator = inst.services.interpolator;
  const plurals = inst.services.pluralResolver as PluralResolver;
  const find = (cat: Readonly<Record<string, string>>, code: Language, key: string, count: unknown): string | undefined => {
    if (Object.hasOwn(cat, key)) return cat[key];
    if (typeof count !== 'number') return undefined;
    const form = key + plurals.getSuffix(code, count);
    return Object.hasOwn(cat, form) ? cat[form] : Object.hasOwn(cat, `${key}_other`) ? cat[`${key}_other`] : undefined;
  };
  return {
    i18n: inst,
    language: lng,
    core(key, values, opts) {
      const template = find(own, lng, key, values.count) ?? find(fallback, 'en', key, values.count);
      if (template === undefined) return null;
      // A part with nothing to fill in (`pve.backupNoJob`) needs no interpolation at all.
      if (!template.includes('{{')) return template;
      lacked = false;
      // The interpolator hands its options on to the formatters: ours ride along with i18next's (none here).
      const options: InterpolationOptions & CoreOptions = { isoTimes: opts.isoTimes };
      const s = interpolator.interpolate(template, values, lng, options);
      return lacked ? null : s;
    },
  };
}
