import { LabError } from '../../../shared/api';
import { configSchema, type LabConfig } from '../../../shared/config';
import { msg, type Said } from '../../../shared/message';

/** One thing wrong with a candidate config, at the field a form shows it beside (`proxmox[1].name`). */
export interface ConfigIssue {
  path: string;
  said: Said;
}

/** `['proxmox', 1, 'name']` → `proxmox[1].name`. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  const text = parts.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.replace(/^\./, '') || '(top level)';
}

/** Names that must be unique within their list: the later of two is the one reported. */
function duplicateNames(c: LabConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const lists: { key: string; names: string[]; path: (i: number) => string }[] = [
    { key: 'config.what.cluster', names: (c.proxmox ?? []).map((p) => p.name), path: (i) => `proxmox[${i}].name` },
    { key: 'config.what.host', names: (c.hosts ?? []).map((h) => h.name), path: (i) => `hosts[${i}].name` },
    { key: 'config.what.context', names: c.kubernetes?.contexts ?? [], path: (i) => `kubernetes.contexts[${i}]` },
    { key: 'config.what.set', names: (c.backup?.sets ?? []).map((s) => s.name), path: (i) => `backup.sets[${i}].name` },
  ];
  for (const l of lists) {
    const first = new Map<string, number>();
    l.names.forEach((n, i) => {
      const seen = first.get(n);
      if (seen === undefined) first.set(n, i);
      else out.push({ path: l.path(i), said: msg('config.duplicateName', { what: { key: l.key }, name: n, other: l.path(seen) }) });
    });
  }
  return out;
}

/** References from one section to another: a jump host among `hosts:`, a wake relay reached over SSH, a favourite's cluster among `proxmox:`. */
function brokenReferences(c: LabConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const hosts = new Set((c.hosts ?? []).map((h) => h.name));
  (c.hosts ?? []).forEach((h, i) => {
    if (h.wakeRelay && !h.ssh) out.push({ path: `hosts[${i}].wakeRelay`, said: msg('config.relayNoSsh', { name: h.name }) });
    const jump = h.ssh?.proxyJump;
    if (jump === undefined) return;
    if (jump === h.name) out.push({ path: `hosts[${i}].ssh.proxyJump`, said: msg('config.jumpSelf', { name: h.name }) });
    else if (!hosts.has(jump)) out.push({ path: `hosts[${i}].ssh.proxyJump`, said: msg('config.unknownHost', { name: jump }) });
  });
  const clusters = new Set((c.proxmox ?? []).map((p) => p.name));
  (c.ui?.favourites ?? []).forEach((f, i) => {
    const cluster = f.split('/')[0];
    if (!clusters.has(cluster)) out.push({ path: `ui.favourites[${i}]`, said: msg('config.unknownCluster', { favourite: f, name: cluster }) });
  });
  out.push(...powerReferences(c, hosts, clusters));
  return out;
}

/** `power.sensors`: a host among `hosts:`, a cluster among `proxmox:`, each entity once. */
function powerReferences(c: LabConfig, hosts: ReadonlySet<string>, clusters: ReadonlySet<string>): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  (c.power?.sensors ?? []).forEach((s, i) => {
    const at = `power.sensors[${i}]`;
    if (s.host !== undefined && !hosts.has(s.host)) out.push({ path: `${at}.host`, said: msg('config.unknownHost', { name: s.host }) });
    if (s.node !== undefined && clusters.size === 0) out.push({ path: `${at}.node`, said: msg('config.powerNoProxmox', { name: s.node }) });
    if (s.cluster !== undefined && clusters.size > 0 && !clusters.has(s.cluster)) out.push({ path: `${at}.cluster`, said: msg('config.powerUnknownCluster', { name: s.cluster }) });
    const first = seen.get(s.entity);
    if (first === undefined) seen.set(s.entity, i);
    else out.push({ path: `${at}.entity`, said: msg('config.powerDuplicateSensor', { entity: s.entity, other: `power.sensors[${first}].entity` }) });
  });
  return out;
}

/** Schema, unique names and references of a whole config, each issue at its field. */
export function configIssues(candidate: unknown): ConfigIssue[] {
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [];
      return { path: fieldPath(keys.length ? [...i.path, keys[0]] : i.path), said: msg('core.text', { text: i.message }) };
    });
  }
  return [...duplicateNames(parsed.data), ...brokenReferences(parsed.data)];
}

/**
 * The issues a save would bring in: those of `candidate` that `current` does
 * not already have. A config the user wrote by hand with a stale favourite
 * can still be saved; a save cannot add a second cluster of the same name.
 */
export function newIssues(current: LabConfig, candidate: unknown): ConfigIssue[] {
  const had = new Set(configIssues(current).map((i) => i.said.summary));
  return configIssues(candidate).filter((i) => !had.has(i.said.summary));
}

/** Typed-in secrets that nothing in the candidate refers to: stored, they would be sent nowhere and kept for nobody. */
export function unusedSecrets(candidate: LabConfig, typed: Readonly<Record<string, string>>, referenced: readonly string[]): ConfigIssue[] {
  const used = new Set(referenced);
  return Object.keys(typed)
    .filter((n) => !used.has(n))
    .map((n) => ({ path: `secrets.${n}`, said: msg('config.unusedSecret', { name: n }) }));
}

/** A refused config: one line per issue, each `path: reason`, so the window can put each beside its field. */
export class ConfigRejected extends LabError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    prefix = '',
  ) {
    super('invalid-input', issues.map((i) => `${prefix}${i.path}: ${i.said.summary}`).join('\n'));
    this.name = 'LabError';
  }
}
