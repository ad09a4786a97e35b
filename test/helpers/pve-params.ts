/**
 * The parameter schemas of the simulator's own routes, cut from PVE's API
 * schema (test/fixtures/pve/pve-apidoc.json): what demo/pve/api-params.json
 * holds, so the demo lab (also in the packaged app) checks parameters as PVE
 * does without carrying the whole 2 MB schema. `npx tsx test/helpers/pve-params.ts`
 * writes the file, and api-perms.json with the permission check of each route;
 * a test keeps both equal to this.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { simRoutes } from '../../demo/pve/routes';
import type { SchemaValue } from '../../demo/pve/schema';

interface ApiNode {
  path: string;
  info?: Record<string, { parameters?: { properties?: Record<string, SchemaValue> }; returns?: SchemaValue; permissions?: { check?: readonly unknown[] } }>;
  children?: ApiNode[];
}

const KEPT = ['type', 'enum', 'optional', 'minimum', 'maximum', 'maxLength', 'pattern'] as const;

export function apiIndex(): Map<string, ApiNode> {
  const nodes = JSON.parse(readFileSync(new URL('../fixtures/pve/pve-apidoc.json', import.meta.url), 'utf8')) as ApiNode[];
  const m = new Map<string, ApiNode>();
  const walk = (n: ApiNode): void => {
    m.set(n.path, n);
    for (const c of n.children ?? []) walk(c);
  };
  nodes.forEach(walk);
  return m;
}

/** `METHOD path` → parameter name → the parts of its schema the check reads (a string format kept by name). */
export function simulatorParams(): Record<string, Record<string, SchemaValue>> {
  const index = apiIndex();
  const out: Record<string, Record<string, SchemaValue>> = {};
  for (const r of [...simRoutes].sort((a, b) => `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`))) {
    const props = index.get(r.path)?.info?.[r.method]?.parameters?.properties;
    if (!props) continue;
    const kept: Record<string, SchemaValue> = {};
    for (const [name, s] of Object.entries(props).sort(([a], [b]) => a.localeCompare(b))) {
      const v: SchemaValue = {};
      for (const k of KEPT) if (s[k] !== undefined) (v as Record<string, unknown>)[k] = s[k];
      if (typeof s.format === 'string') v.format = s.format;
      kept[name] = v;
    }
    out[`${r.method} ${r.path}`] = kept;
  }
  return out;
}

/** `METHOD path` → the permission check PVE's schema gives that route (`info.permissions.check`), for the routes that have one. */
export function simulatorPerms(): Record<string, readonly unknown[]> {
  const index = apiIndex();
  const out: Record<string, readonly unknown[]> = {};
  for (const r of [...simRoutes].sort((a, b) => `${a.method} ${a.path}`.localeCompare(`${b.method} ${b.path}`))) {
    const check = index.get(r.path)?.info?.[r.method]?.permissions?.check;
    if (check) out[`${r.method} ${r.path}`] = check;
  }
  return out;
}

export const PARAMS_FILE = new URL('../../demo/pve/api-params.json', import.meta.url);
export const PERMS_FILE = new URL('../../demo/pve/api-perms.json', import.meta.url);

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  writeFileSync(PARAMS_FILE, JSON.stringify(simulatorParams(), null, 1) + '\n');
  writeFileSync(PERMS_FILE, JSON.stringify(simulatorPerms(), null, 1) + '\n');
}
