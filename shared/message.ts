import { coreMessages, type CoreKey } from './core-messages';

/**
 * Structured core messages: a producer names a catalogue key and the values
 * that vary; the English sentence (`summary`, for the CLI, logs and fallbacks)
 * is rendered from the same catalogue template, and the renderer renders the
 * key again in the UI language.
 *
 * Templates use i18next's syntax: `{{name}}`, or `{{name, format}}` with one of
 * the formats below. A param may itself be a message (rendered in the same
 * language) or a list of params (joined by the `list` / `semi` format).
 */
export interface Msg {
  key: string;
  params?: Record<string, MsgParam>;
}

export type MsgParam = string | number | Msg | readonly (string | number | Msg)[];

/** A finding's two faces: the English line and the structured message it came from. */
export interface Said {
  summary: string;
  msg: Msg;
}

/**
 * Formats a template may ask for:
 * - `duration`: seconds → `2 d 3 h`, `4 h 5 min`, `7 min`
 * - `hours`: an age in hours → `30 h` below 48 h, else `3 days`
 * - `time`: epoch seconds → an ISO time (the renderer shows local time)
 * - `list` / `semi`: a list joined by `, ` / `; `
 */
export type MsgFormat = 'duration' | 'hours' | 'time' | 'list' | 'semi';

/** How one language renders a formatted value; lists arrive already rendered. */
export interface MsgFormatter {
  value(v: string | number, format: string | undefined): string;
  join(items: string[], format: string | undefined): string;
}

/** Seconds as `2 d 3 h`, `4 h 5 min` or `7 min`. */
export function englishDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
}

export const englishFormatter: MsgFormatter = {
  value(v, format) {
    if (typeof v !== 'number') return v;
    switch (format) {
      case 'duration':
        return englishDuration(v);
      case 'hours':
        return v < 48 ? `${Math.round(v)} h` : `${Math.round(v / 24)} days`;
      case 'time':
        return new Date(v * 1000).toISOString();
      default:
        return String(v);
    }
  },
  join: (items, format) => items.join(format === 'semi' ? '; ' : ', '),
};

type Units = { d: string; h: string; min: string; days: string; hours: string };
const UNITS: Record<string, Units> = {
  'zh-CN': { d: ' 天 ', h: ' 小时', min: ' 分钟', days: ' 天', hours: ' 小时' },
};

function dateTime(epochSeconds: number, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(epochSeconds * 1000));
}

/** How numbers, ages and lists read in a UI language; English matches the summaries except that times are local. */
export function formatterFor(lng: string): MsgFormatter {
  const u = UNITS[lng];
  if (!u) return { value: (v, f) => (f === 'time' && typeof v === 'number' ? dateTime(v, lng) : englishFormatter.value(v, f)), join: englishFormatter.join };
  return {
    value(v, format) {
      if (typeof v !== 'number') return v;
      switch (format) {
        case 'duration': {
          const d = Math.floor(v / 86400);
          const h = Math.floor((v % 86400) / 3600);
          const m = Math.floor((v % 3600) / 60);
          return d ? `${d}${u.d}${h}${u.h}` : h ? `${h}${u.h} ${m}${u.min}` : `${m}${u.min}`;
        }
        case 'hours':
          return v < 48 ? `${Math.round(v)}${u.hours}` : `${Math.round(v / 24)}${u.days}`;
        case 'time':
          return dateTime(v, lng);
        default:
          return String(v);
      }
    },
    join: (items, format) => items.join(format === 'semi' ? '；' : '、'),
  };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;

/** A catalogue template split once into its text and its placeholders (`[text, name, format, text, …]`). */
type Compiled = readonly (string | undefined)[];
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let c = compiled.get(template);
  if (c) return c;
  const out: (string | undefined)[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out.push(template.slice(at, m.index), m[1], m[2]);
    at = m.index + m[0].length;
  }
  out.push(template.slice(at));
  c = out;
  compiled.set(template, c);
  return c;
}

/**
 * Renders a message with `lookup` giving each key's template. Null when a key
 * (or a nested one) has no template or a placeholder has no value, so callers
 * fall back to the English summary rather than show a half sentence.
 */
export function renderMsg(m: Msg, lookup: (key: string) => string | undefined, fmt: MsgFormatter): string | null {
  const template = lookup(m.key);
  if (typeof template !== 'string') return null;
  const parts = compile(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 3) {
    const v = m.params?.[parts[i] as string];
    const s = v === undefined ? null : renderParam(v, parts[i + 1], lookup, fmt);
    if (s === null) return null;
    out += s + (parts[i + 2] as string);
  }
  return out;
}

function renderParam(v: MsgParam, format: string | undefined, lookup: (key: string) => string | undefined, fmt: MsgFormatter): string | null {
  if (Array.isArray(v)) {
    const items = (v as readonly MsgParam[]).map((x) => renderParam(x, undefined, lookup, fmt));
    return items.every((x): x is string => x !== null) ? fmt.join(items, format) : null;
  }
  if (typeof v === 'object') return renderMsg(v as Msg, lookup, fmt);
  return fmt.value(v as string | number, format);
}

/**
 * A message in language `lng` from that language's catalogue, keys it lacks
 * from the English one; `fallback` (the English summary) when it cannot be rendered.
 */
export function textIn(catalogue: Readonly<Record<string, string>> | undefined, lng: string, m: Msg | null | undefined, fallback: string): string {
  if (!m) return fallback;
  const lookup = (key: string): string | undefined => (catalogue && Object.hasOwn(catalogue, key) ? catalogue[key] : englishLookup(key));
  return renderMsg(m, lookup, formatterFor(lng)) ?? fallback;
}

const englishLookup = (key: string): string | undefined => (Object.hasOwn(coreMessages, key) ? coreMessages[key as CoreKey] : undefined);

/** The English text of a message from the shared catalogue. */
export function english(m: Msg): string {
  const s = renderMsg(m, englishLookup, englishFormatter);
  if (s === null) throw new Error(`core message ${m.key} has no English template or lacks a param`);
  return s;
}

/** A nested message (a part of a sentence), for a param of another message. */
export function part(key: CoreKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** A finding's message and its English summary from one catalogue template. */
export function msg(key: CoreKey, params?: Record<string, MsgParam>): Said {
  const m = part(key, params);
  return { summary: english(m), msg: m };
}

/** Raw text (a tool's own output, an error) carried as a message, so callers can nest it. */
export function raw(text: string): Msg {
  return { key: 'core.text', params: { text } };
}
