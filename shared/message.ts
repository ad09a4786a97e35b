import { english as englishCatalogue, textEngine, type TextEngine } from './i18n';
import type { Language } from './language';

/**
 * Structured core messages: a producer names a catalogue key (the `core`
 * namespace of shared/i18n/*.json) and the values that vary; the English
 * sentence (`summary`, for the CLI, logs and fallbacks) is rendered from the
 * same template, and the window, the tray and notices render the key again in
 * their language.
 *
 * Templates use i18next's syntax: `{{name}}`, or `{{name, format}}` with one of
 * the formats shared/i18n registers (`duration`, `hours`, `time`, `list`,
 * `semi`, `lines`, `bytes`). A param may itself be a message (rendered in the same language) or
 * a list of params (joined by the `list` / `semi` format).
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

/** The English templates of the core's sentences (the fallback of every language). */
export const coreMessages = englishCatalogue.core;
export type CoreKey = keyof typeof coreMessages;
/** A sentence with plural forms, by its base key: `smart.reallocated` for `smart.reallocated_one` / `_other`. */
export type CorePluralKey = { [K in CoreKey]: K extends `${infer B}_other` ? B : never }[CoreKey];

type Value = string | number | readonly (string | number)[];

/**
 * Renders a message in one engine's language. Null when a key (or a nested
 * one) is not in the catalogue or a placeholder has no value, so callers fall
 * back to the English summary rather than show a half sentence.
 */
function render(e: TextEngine, m: Msg, isoTimes: boolean): string | null {
  const values: Record<string, Value> = {};
  if (m.params) {
    for (const name in m.params) {
      const v = value(e, m.params[name], isoTimes);
      if (v === null) return null;
      values[name] = v;
    }
  }
  return e.core(m.key, values, { isoTimes });
}

function value(e: TextEngine, v: MsgParam, isoTimes: boolean): Value | null {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) {
    const items: (string | number)[] = [];
    for (const x of v as readonly (string | number | Msg)[]) {
      const r = typeof x === 'object' ? render(e, x, isoTimes) : x;
      if (r === null) return null;
      items.push(r);
    }
    return items;
  }
  return render(e, v as Msg, isoTimes);
}

/** The English text of a message, as summaries carry it (times as ISO text). */
export function english(m: Msg): string {
  const s = render(textEngine('en'), m, true);
  if (s === null) throw new Error(`core message ${m.key} has no English template or lacks a param`);
  return s;
}

/** A message in language `lng`; `fallback` (the English summary) when there is none or it cannot be rendered. */
export function textIn(lng: Language, m: Msg | null | undefined, fallback: string): string {
  if (!m) return fallback;
  return render(textEngine(lng), m, false) ?? fallback;
}

/** A check's summary in language `lng` (its English summary when its message cannot be shown). */
export function checkText(lng: Language, c: { summary: string; msg?: Msg }): string {
  return textIn(lng, c.msg, c.summary);
}

/** A nested message (a part of a sentence), for a param of another message. */
export function part(key: CoreKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** A part whose words follow `count` ("1 reallocated sector", "2 reallocated sectors"), by each language's plural rule. */
export function plural(key: CorePluralKey, count: number, params?: Record<string, MsgParam>): Msg {
  return { key, params: { ...params, count } };
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

/** Text a server or tool wrote (a backup's notes, a pod's message), set in quotation marks inside a sentence: it stays as it was written. */
export function quoted(text: string): Msg {
  return { key: 'core.quoted', params: { text } };
}

/** A check's `detail` and `detailMsg` from one or more lines, each a message (empty ones left out). */
export function detailLines(...lines: (Msg | null | undefined | false)[]): { detail: string; detailMsg: Msg } {
  const kept = lines.filter((l): l is Msg => !!l);
  const m = kept.length === 1 ? kept[0] : part('core.lines', { lines: kept });
  return { detail: english(m), detailMsg: m };
}
