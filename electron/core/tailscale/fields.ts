/** Tolerant readers for tailscaled JSON: its format changes between releases, so every field may be absent. */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(o: Obj, k: string): string {
  const v = o[k];
  return typeof v === 'string' ? v : '';
}

export function num(o: Obj, k: string): number {
  const v = o[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** A boolean, or undefined when the field is missing (older tailscaled). */
export function optBool(o: Obj, k: string): boolean | undefined {
  const v = o[k];
  return typeof v === 'boolean' ? v : undefined;
}

export function strings(o: Obj, k: string): string[] {
  const v = o[k];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Go's zero time (`0001-01-01T00:00:00Z`) means "never": null. */
export function time(o: Obj, k: string): string | null {
  const v = str(o, k);
  if (!v || v.startsWith('0001-01-01')) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
