/** Formatting helpers; the locale comes from i18next. */

// Building an Intl formatter costs far more than using one: keep one per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat>();
function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}
function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  const key = `r|${locale}`;
  let f = formatters.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })));
  return f;
}

export function bytes(n: number | null, locale: string): string {
  if (n === null || !Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${numberFormat(locale, { maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 }).format(v)} ${units[i]}`;
}

export function percent(ratio: number | null, locale: string): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** Uptime as `3d 4h` / `5h 12m` / `42m`; in Chinese `3天4小时` / `5小时12分` / `42分钟`. */
export function duration(seconds: number | null, locale = 'en'): string {
  if (seconds === null || seconds <= 0) return '–';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (locale.startsWith('zh')) return d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${Math.max(m, 1)}分钟`;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${Math.max(m, 1)}m`;
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

export function ms(n: number | null): string {
  return n === null ? '–' : `${Math.round(n)} ms`;
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
  numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  numberFormat(locale, { maximumFractionDigits: 0 });
  numberFormat(locale, { maximumFractionDigits: 1 });
  dateTime(0, locale);
}
