import { LabError } from '../../../shared/api';
import type { HostConfig, LabConfig, PowerSensorConfig, ProxmoxClusterConfig } from '../../../shared/config';
import { english, msg, part } from '../../../shared/message';
import { stageSecrets, type SecretStore } from '../secrets';
import { ConfigRejected, newIssues, unusedSecrets, type ConfigIssue } from './check';
import { credentialProblems, referencedSecrets } from './credentials';
import { lockedChanges } from './locked';

/** What a config transaction uses of the Lab. */
export interface TransactionDeps {
  config(): LabConfig;
  secrets: SecretStore;
  configPath: string | null;
  /** Saves (when the shell saves) and applies; the mutation may throw to refuse. */
  editConfig(mutate: (current: LabConfig) => LabConfig): Promise<void>;
}

/** Everything a save from the window may not do to `current`, before anything is written. */
async function problemsOf(deps: TransactionDeps, method: string, current: LabConfig, candidate: LabConfig, typed: Readonly<Record<string, string>>): Promise<void> {
  // Which kube contexts run a program to log in is in the kubeconfig, read here (the kubeconfig path itself is locked).
  // The Kubernetes client loads only for a lab that has a kubernetes section.
  const section = candidate.kubernetes ?? current.kubernetes;
  const facts = section ? (await import('../kube/exec-contexts')).kubeContextFacts(section) : null;
  const locked = lockedChanges(current, candidate, facts);
  if (locked.length) {
    throw new LabError('invalid-input', `${method}: ${locked.join(', ')} can be changed only by editing the config file${deps.configPath ? ` (${deps.configPath})` : ''}: ${locked.length > 1 ? 'they name' : 'it names'} what LabTray runs`);
  }
  const refs = referencedSecrets(candidate);
  const issues: ConfigIssue[] = [...newIssues(current, candidate), ...unusedSecrets(candidate, typed, refs)];
  if (issues.length) throw new ConfigRejected(issues);
  const held = await Promise.all(refs.map(async (name) => ((await deps.secrets.has(name)) ? [name] : [])));
  const bound = credentialProblems(current, candidate, new Set(Object.keys(typed)), new Set(held.flat()));
  if (bound.length) throw new LabError('invalid-input', `${method}: ${bound.join('; ')}`);
}

/**
 * One change from the window as a transaction: the whole candidate is checked
 * (locked fields, schema, unique names, references, where stored secrets go)
 * before anything is written; the secrets typed in are stored only then, and
 * put back as they were if the config cannot be saved. A refused save changes
 * nothing: not the file, not the secrets, not the running sources.
 */
export async function commitConfig(deps: TransactionDeps, method: string, change: (current: LabConfig) => LabConfig, typed: Readonly<Record<string, string>> = {}): Promise<void> {
  const current = deps.config();
  await problemsOf(deps, method, current, change(structuredClone(current)), typed);
  const staged = await stageSecrets(deps.secrets, typed);
  try {
    await deps.editConfig((latest) => {
      // Another edit may have been saved meanwhile: the change is made to, and checked against, what is current now.
      const next = change(latest);
      const issues = newIssues(latest, next);
      if (issues.length) throw new ConfigRejected(issues);
      return next;
    });
  } catch (err) {
    const left = await staged.undo();
    if (!left.length) throw err;
    const code = err instanceof LabError ? err.code : 'config';
    throw new LabError(code, english(part('config.rollbackFailed', { error: err instanceof Error ? err.message : String(err), names: left.join(', ') })), { cause: err });
  }
}

const sameName = (name: string) => (x: { name: string }) => x.name === name;

function indexOf<T extends { name: string }>(list: readonly T[] | undefined, name: string, key: 'config.noCluster' | 'config.noHost'): number {
  const i = (list ?? []).findIndex(sameName(name));
  if (i < 0) throw new LabError('not-found', msg(key, { name }).summary);
  return i;
}

/** Adds a cluster, or replaces the one named `previous` (which may be a rename) in its place. */
export function putCluster(cluster: ProxmoxClusterConfig, previous?: string): (c: LabConfig) => LabConfig {
  return (c) => {
    const list = [...(c.proxmox ?? [])];
    if (previous === undefined) list.push(cluster);
    else list[indexOf(list, previous, 'config.noCluster')] = cluster;
    const renamed = previous !== undefined && previous !== cluster.name;
    const favourites = renamed ? c.ui?.favourites?.map((f) => (f.startsWith(`${previous}/`) ? `${cluster.name}/${f.slice(previous.length + 1)}` : f)) : c.ui?.favourites;
    const next = renamed ? withSensors(c, (s) => (s.cluster === previous ? { ...s, cluster: cluster.name } : s)) : c;
    return { ...next, proxmox: list, ...(c.ui ? { ui: { ...c.ui, ...(favourites ? { favourites } : {}) } } : {}) };
  };
}

/** The config with each power sensor passed through `f` (no power section: unchanged). */
function withSensors(c: LabConfig, f: (s: PowerSensorConfig) => PowerSensorConfig): LabConfig {
  return c.power ? { ...c, power: { ...c.power, sensors: c.power.sensors.map(f) } } : c;
}

/** A sensor that measured a machine LabTray no longer watches keeps measuring it, under the machine's name. */
function byName(s: PowerSensorConfig, machine: string): PowerSensorConfig {
  return { entity: s.entity, name: machine };
}

/** Removes a cluster, and the favourites among its guests; the power sensors of its nodes stay, by the nodes' names. */
export function dropCluster(name: string): (c: LabConfig) => LabConfig {
  return (c) => {
    const list = [...(c.proxmox ?? [])];
    list.splice(indexOf(list, name, 'config.noCluster'), 1);
    const favourites = c.ui?.favourites?.filter((f) => !f.startsWith(`${name}/`));
    // A node sensor without `cluster` belongs to the only cluster there was; with several, the others may still have it.
    const ofIt = (s: PowerSensorConfig) => s.cluster === name || (s.cluster === undefined && list.length === 0);
    const next = withSensors(c, (s) => (s.node !== undefined && ofIt(s) ? byName(s, s.node) : s));
    return { ...next, proxmox: list, ...(c.ui ? { ui: { ...c.ui, ...(favourites ? { favourites } : {}) } } : {}) };
  };
}

/** Adds a host, or replaces the one named `previous` in its place (a rename carries jump references along). */
export function putHost(host: HostConfig, previous?: string): (c: LabConfig) => LabConfig {
  return (c) => {
    let list = [...(c.hosts ?? [])];
    if (previous === undefined) list.push(host);
    else list[indexOf(list, previous, 'config.noHost')] = host;
    if (previous !== undefined && previous !== host.name) {
      list = list.map((h) => (h.ssh?.proxyJump === previous ? { ...h, ssh: { ...h.ssh, proxyJump: host.name } } : h));
      return { ...withSensors(c, (s) => (s.host === previous ? { ...s, host: host.name } : s)), hosts: list };
    }
    return { ...c, hosts: list };
  };
}

/** Removes a host (its power sensor stays, by the host's name); one that others jump through is refused by the reference check, naming their field. */
export function dropHost(name: string): (c: LabConfig) => LabConfig {
  return (c) => {
    const list = [...(c.hosts ?? [])];
    list.splice(indexOf(list, name, 'config.noHost'), 1);
    return { ...withSensors(c, (s) => (s.host === name ? byName(s, name) : s)), hosts: list };
  };
}
