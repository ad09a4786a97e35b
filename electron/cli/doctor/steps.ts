import { english, part, type CoreKey, type MsgParam } from '../../../shared/message';
import type { Style } from '../style';

/** One step's outcome: passed, failed, or not tried because an earlier step failed. */
export interface StepResult {
  name: string;
  state: 'pass' | 'fail' | 'skip';
  /** What was found, as a sentence. */
  detail: string;
  /** The raw error or answer behind a failure, printed dimmed under it. */
  raw?: string;
}

/** The steps for one thing checked (an endpoint, a host, a context), in the order they depend on each other. */
export interface Section {
  title: string;
  steps: StepResult[];
}

/** A step that failed, with the sentence to show and the raw text behind it. */
export class StepFailure extends Error {
  constructor(
    readonly detail: string,
    readonly raw?: string,
  ) {
    super(detail);
  }
}

export interface Step {
  name: string;
  /** Resolves with what it found; throws (a StepFailure, or anything) when it fails. */
  run(): Promise<string>;
}

/** A sentence from the catalogue (the core namespace's `doctor.*` keys). */
export function say(key: CoreKey, params?: Record<string, MsgParam>): string {
  return english(part(key, params));
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs steps in order; after the first failure the rest are skipped (an unreachable host is never "ok"). */
export async function chain(title: string, steps: Step[]): Promise<Section> {
  const out: StepResult[] = [];
  let failed = false;
  for (const s of steps) {
    if (failed) {
      out.push({ name: s.name, state: 'skip', detail: say('doctor.skipped') });
      continue;
    }
    try {
      out.push({ name: s.name, state: 'pass', detail: await s.run() });
    } catch (err) {
      failed = true;
      out.push(err instanceof StepFailure ? { name: s.name, state: 'fail', detail: err.detail, raw: err.raw } : { name: s.name, state: 'fail', detail: errorText(err) });
    }
  }
  return { title, steps: out };
}

/** Rejects after `ms` with a sentence naming what did not answer. */
export async function limit<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new StepFailure(say('doctor.noAnswer', { what, seconds: ms / 1000 }));
      ac.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(ac.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

const marks = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** The report: each section with its steps, then the count. */
export function formatReport(sections: Section[], style: Style): string {
  const lines: string[] = [];
  for (const s of sections) {
    lines.push(style.bold(s.title));
    for (const st of s.steps) {
      const mark = st.state === 'pass' ? style.green(marks.pass) : st.state === 'fail' ? style.bold(style.red(marks.fail)) : style.dim(marks.skip);
      lines.push(`  ${mark}  ${st.name}: ${st.state === 'skip' ? style.dim(st.detail) : st.detail}`);
      if (st.raw && st.raw !== st.detail) for (const l of st.raw.split('\n')) lines.push(style.dim(`          ${l}`));
    }
    lines.push('');
  }
  const all = sections.flatMap((s) => s.steps);
  const count = (k: StepResult['state']): number => all.filter((x) => x.state === k).length;
  const summary = say('doctor.summary', { passed: count('pass'), total: all.length, failed: count('fail'), skipped: count('skip') });
  lines.push(count('fail') ? style.red(summary) : style.green(summary));
  return lines.join('\n');
}
