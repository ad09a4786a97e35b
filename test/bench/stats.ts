/** One benchmark figure: several runs, their median and spread, a target and a baseline from the same run. */
export interface Figure {
  group: string;
  name: string;
  unit: string;
  /** Every run's value; empty when not measured. */
  runs: number[];
  median: number | null;
  /** Smallest and largest run. */
  min: number | null;
  max: number | null;
  target: Target | null;
  met: boolean | null;
  /** A figure measured in the same run to compare with, e.g. the naive poller. */
  baseline: { name: string; median: number } | null;
  /** median / baseline.median. */
  ratio: number | null;
  note: string | null;
  /** Why there is no number. */
  notMeasured: string | null;
}

export interface Target {
  op: '<' | '<=' | '=' | '>=';
  value: number;
  /** How the target reads in the table, e.g. `< 50 ms/min`. */
  label?: string;
  /** Compare ratio instead of median (e.g. naive ≥ 50× ours). */
  on?: 'median' | 'ratio' | 'max';
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface FigureInit {
  group: string;
  name: string;
  unit: string;
  target?: Target;
  baseline?: { name: string; runs: number[] } | { name: string; median: number };
  note?: string;
}

/** Builds a figure from its runs and checks it against its target. */
export function figure(init: FigureInit, runs: number[]): Figure {
  const med = runs.length ? median(runs) : null;
  const base = init.baseline ? { name: init.baseline.name, median: 'runs' in init.baseline ? median(init.baseline.runs) : init.baseline.median } : null;
  const ratio = med !== null && base && base.median !== 0 ? med / base.median : null;
  const t = init.target ?? null;
  let met: boolean | null = null;
  if (t && med !== null) {
    const v = t.on === 'ratio' ? ratio : t.on === 'max' ? Math.max(...runs) : med;
    if (v !== null) met = t.op === '<' ? v < t.value : t.op === '<=' ? v <= t.value : t.op === '>=' ? v >= t.value : v === t.value;
  }
  return { group: init.group, name: init.name, unit: init.unit, runs, median: med, min: runs.length ? Math.min(...runs) : null, max: runs.length ? Math.max(...runs) : null, target: t, met, baseline: base, ratio, note: init.note ?? null, notMeasured: null };
}

export function notMeasured(init: FigureInit, why: string): Figure {
  return { ...figure(init, []), notMeasured: why };
}

/** Runs fn n times (after `warmup` discarded runs) and returns every result. */
export async function repeat(n: number, fn: (i: number) => Promise<number> | number, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}

export function fmt(v: number | null, unit = ''): string {
  if (v === null || Number.isNaN(v)) return '-';
  const a = Math.abs(v);
  const s = a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : a === 0 ? '0' : v.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

function targetText(f: Figure): string {
  if (!f.target) return '';
  if (f.target.label) return f.target.label;
  const subject = f.target.on === 'ratio' ? '×' : f.unit;
  return `${f.target.op} ${fmt(f.target.value)} ${subject}`.trim();
}

/** The table `npm run bench` prints. */
export function table(figures: Figure[]): string {
  const rows: string[][] = [['figure', 'median', 'spread (min–max)', 'n', 'target', 'met', 'baseline (same run)', 'ratio']];
  let group = '';
  const notes: string[] = [];
  for (const f of figures) {
    if (f.group !== group) {
      group = f.group;
      rows.push([`[${group}]`, '', '', '', '', '', '', '']);
    }
    if (f.notMeasured) {
      rows.push([`  ${f.name}`, `not measured: ${f.notMeasured}`, '', '', targetText(f), '', '', '']);
      continue;
    }
    rows.push([
      `  ${f.name}`,
      fmt(f.median, f.unit),
      f.runs.length > 1 ? `${fmt(f.min)}–${fmt(f.max)}` : '',
      String(f.runs.length),
      targetText(f),
      f.met === null ? '' : f.met ? 'yes' : 'NO',
      f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.median)}` : '',
      f.ratio === null ? '' : `${fmt(f.ratio)}×`,
    ]);
    if (f.note) notes.push(`  ${f.name}: ${f.note}`);
  }
  const widths = rows[0].map((_, i) => Math.min(64, Math.max(...rows.filter((r) => !(r[1].startsWith('not measured') && i === 1)).map((r) => r[i].length))));
  const line = (r: string[]): string => r.map((c, i) => (r[1].startsWith('not measured') && i === 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  if (notes.length) out.push('', 'notes:', ...notes);
  return out.join('\n');
}
