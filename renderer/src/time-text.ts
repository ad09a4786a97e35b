/**
 * When things happened, in the UI language: `3 hours ago`, a full local date
 * and time. Numbers with units (bytes, percentages, durations) are in
 * shared/units.ts, the same for the window, the tray and the CLI.
 */

// Building an Intl formatter costs far more than using one: keep one per locale.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let f = relativeFormats.get(locale);
  if (!f) relativeFormats.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })));
  return f;
}

/** `3 hours ago`, in the UI language. */
export function ago(when: number | string | null, nowMs: number, locale: string): string {
  if (when === null) return '–';
  const t = typeof when === 'number' ? when : Date.parse(when);
  if (!Number.isFinite(t)) return '–';
  let s = Math.round((t - nowMs) / 1000);
  // The UI clock ticks every few seconds: a fresh observation is "now", not "in 3 s".
  if (s > 0 && s < 120) s = 0;
  const rtf = relativeFormat(locale);
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, 'second');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

const dateTimes = new Map<string, Intl.DateTimeFormat>();
/** A full local date and time (for titles), with a cached formatter. */
export function dateTime(ms: number, locale: string): string {
  let f = dateTimes.get(locale);
  if (!f) dateTimes.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' })));
  return f.format(ms);
}

/** Builds the formatters for a language ahead of need (ICU data loads on first use), e.g. while the first snapshot is on its way. */
export function warmFormatters(locale: string): void {
  relativeFormat(locale);
  dateTime(0, locale);
}
