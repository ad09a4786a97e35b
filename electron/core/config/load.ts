import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { LabError } from '../../../shared/api';
import { configSchema, type LabConfig } from '../../../shared/config';
import { resolveConfigPaths } from './paths';

export interface LoadedConfig {
  config: LabConfig;
  path: string;
}

/** Reads and validates a config file; errors name the file, the YAML path and the line. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LabError('config-missing', `${path}: no such config file`);
    throw new LabError('config', `${path}: cannot read: ${(err as Error).message}`);
  }
  return { config: parseConfig(text, path), path };
}

/** Parses YAML text into a validated config (see loadConfig); relative file paths resolve against `path`'s folder. */
export function parseConfig(text: string, path = 'config.yaml'): LabConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    throw new LabError('config', `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new LabError('config', `${path}: the top level must be a mapping (proxmox:, hosts:, ...)`);
  const result = configSchema.safeParse(raw);
  // Relative caFile and kubeconfig paths mean "next to this file", wherever the app was started from.
  if (result.success) return resolveConfigPaths(result.data, path);
  const messages = result.error.issues.slice(0, 5).map((issue) => {
    // Unknown keys are reported on their parent; point at the key itself.
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    const at = keys.length ? [...issue.path, keys[0]] : issue.path;
    const line = lineOf(doc, at as (string | number)[], lines);
    const yamlPath = at.length ? at.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
    return `${path}${line ? `:${line}` : ''}: ${yamlPath}: ${issue.message}`;
  });
  throw new LabError('config', messages.join('\n'));
}

function lineOf(doc: Document, path: (string | number)[], lines: LineCounter): number | null {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const node = sub.length ? doc.getIn(sub, true) : doc.contents;
    // For a key, prefer the key's own position (pairs are found through their parent map).
    if (n === path.length && n > 0) {
      const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (range) return lines.linePos(range[0]).line;
      }
      if (isSeq(parent)) {
        const item = parent.items[path[n - 1] as number] as { range?: [number, number, number] } | undefined;
        if (item?.range) return lines.linePos(item.range[0]).line;
      }
    }
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return null;
}
