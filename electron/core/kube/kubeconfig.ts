/**
 * Finds and merges kubeconfig files the way kubectl does: the config's
 * path(s), else KUBECONFIG (several files, first one wins on duplicate names),
 * else ~/.kube/config. One KubeConfig per context so each cluster keeps its
 * own CA, client certificate, token or exec plugin.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { LabError } from '../../../shared/api';

export interface KubeconfigSource {
  /** `kubernetes.kubeconfig` from the LabTray config. */
  configured?: string | string[];
  env?: NodeJS.ProcessEnv;
  home?: string;
}

export interface LoadedKubeconfig {
  files: string[];
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string | null;
  /** Things the user may want to know: skipped files, duplicate names ignored. */
  notes: string[];
}

function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') || p.startsWith('~\\') ? join(home, p.slice(2)) : p;
}

/** The files to read, in precedence order, and whether a missing one is an error (it is when named in the config). */
export function kubeconfigFiles(src: KubeconfigSource): { files: string[]; required: boolean } {
  const home = src.home ?? homedir();
  const env = src.env ?? process.env;
  if (src.configured !== undefined) {
    const list = Array.isArray(src.configured) ? src.configured : [src.configured];
    return { files: list.filter(Boolean).map((f) => resolve(expandHome(f, home))), required: true };
  }
  const fromEnv = env.KUBECONFIG?.split(delimiter).filter(Boolean) ?? [];
  if (fromEnv.length) return { files: fromEnv.map((f) => resolve(expandHome(f, home))), required: false };
  return { files: [join(home, '.kube', 'config')], required: true };
}

/** Reads and merges the kubeconfig files; throws a LabError a person can act on when none can be read. */
export function loadKubeconfig(src: KubeconfigSource): LoadedKubeconfig {
  const { files, required } = kubeconfigFiles(src);
  const out: LoadedKubeconfig = { files: [], clusters: [], users: [], contexts: [], currentContext: null, notes: [] };
  const seen = { cluster: new Set<string>(), user: new Set<string>(), context: new Set<string>() };
  for (const file of files) {
    if (!existsSync(file)) {
      if (required) throw new LabError('config', `kubeconfig ${file} does not exist (set kubernetes.kubeconfig to the file kubectl uses)`);
      out.notes.push(`kubeconfig ${file} from KUBECONFIG does not exist; skipped`);
      continue;
    }
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new LabError('config', `kubeconfig ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    out.files.push(file);
    out.currentContext ??= kc.getCurrentContext() || null;
    const take = <T extends { name: string }>(what: 'cluster' | 'user' | 'context', items: T[], into: T[]): void => {
      for (const it of items ?? []) {
        if (seen[what].has(it.name)) {
          out.notes.push(`${file}: ${what} "${it.name}" is also defined in an earlier file; the first one wins (as in kubectl). Rename it to watch both.`);
          continue;
        }
        seen[what].add(it.name);
        into.push(it);
      }
    };
    take('cluster', kc.getClusters(), out.clusters);
    take('user', kc.getUsers(), out.users);
    take('context', kc.getContexts(), out.contexts);
  }
  if (!out.files.length) throw new LabError('config', `no kubeconfig found (looked at ${files.join(', ')})`);
  return out;
}

/** The contexts to watch: the configured ones (in that order), else every context in the files. */
export function selectContexts(loaded: LoadedKubeconfig, wanted?: string[]): string[] {
  return wanted?.length ? [...wanted] : loaded.contexts.map((c) => c.name);
}

/**
 * A KubeConfig whose current context is `name`. Refuses contexts that would
 * turn TLS verification off: LabTray always checks the cluster's certificate.
 */
export function contextConfig(loaded: LoadedKubeconfig, name: string): KubeConfig {
  const ctx = loaded.contexts.find((c) => c.name === name);
  if (!ctx) throw new LabError('not-found', `context "${name}" is not in the kubeconfig (${loaded.files.join(', ')}); it has: ${loaded.contexts.map((c) => c.name).join(', ') || 'no contexts'}`);
  const cluster = loaded.clusters.find((c) => c.name === ctx.cluster);
  if (!cluster) throw new LabError('config', `context "${name}" names cluster "${ctx.cluster}", which the kubeconfig does not define`);
  if (cluster.skipTLSVerify) {
    throw new LabError('tls', `context "${name}": the kubeconfig sets insecure-skip-tls-verify; LabTray always verifies the API server's certificate. Add certificate-authority-data (k3s: /etc/rancher/k3s/k3s.yaml has it) and remove insecure-skip-tls-verify.`);
  }
  if (!cluster.server.startsWith('https://')) throw new LabError('tls', `context "${name}": server ${cluster.server} is not https; LabTray talks to API servers over verified TLS only`);
  const user = loaded.users.find((u) => u.name === ctx.user);
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [cluster], users: user ? [user] : [], contexts: [ctx], currentContext: name });
  return kc;
}

/** The server URL of a context, for display (never credentials). */
export function contextServer(loaded: LoadedKubeconfig, name: string): string | null {
  const ctx = loaded.contexts.find((c) => c.name === name);
  return loaded.clusters.find((c) => c.name === ctx?.cluster)?.server ?? null;
}
