import type { LabConfig } from '../../../shared/config';

/** What the kubeconfig says about its contexts, read by the caller (lockedChanges reads no file). */
export interface KubeContextFacts {
  /** Every context in the kubeconfig: what a config without `kubernetes.contexts` watches. */
  all: readonly string[];
  /** Contexts whose user logs in by running a program (an exec credential plugin), with that program. */
  exec: ReadonlyMap<string, string>;
}

/**
 * Fields that name a program LabTray runs, or a file or socket that decides one: the Tailscale CLI and
 * LocalAPI socket, and the kubeconfig files (their credential plugins are commands). Settings shows them
 * but cannot change them: only the user's own edit of the config file can, so a renderer that has been
 * taken over cannot make the core run something. Watching one more context whose user runs an exec plugin
 * is such a change too; `kube` is what the kubeconfig says (null: it cannot be read, so nothing added can be checked).
 */
export function lockedChanges(current: LabConfig, next: LabConfig, kube: KubeContextFacts | null): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(current.tailscale?.cli, next.tailscale?.cli)) out.push('tailscale.cli');
  if (!same(current.tailscale?.socket, next.tailscale?.socket)) out.push('tailscale.socket');
  if (!same(current.kubernetes?.kubeconfig, next.kubernetes?.kubeconfig)) out.push('kubernetes.kubeconfig');
  // Sending a credential unencrypted is the user's own decision, written in the file.
  if (!same(current.metrics?.plainHttp, next.metrics?.plainHttp)) out.push('metrics.plainHttp');
  out.push(...execContextsAdded(current, next, kube));
  return out;
}

/** The contexts a config watches: none without a kubernetes section, every context when it names none ('all' when those are unknown). */
function watched(c: LabConfig, all: readonly string[] | null): Set<string> | 'all' {
  if (!c.kubernetes) return new Set();
  if (c.kubernetes.contexts?.length) return new Set(c.kubernetes.contexts);
  return all ? new Set(all) : 'all';
}

/** Contexts `next` watches that `current` does not and whose user runs a program to log in (or cannot be checked). */
function execContextsAdded(current: LabConfig, next: LabConfig, kube: KubeContextFacts | null): string[] {
  const before = watched(current, kube?.all ?? null);
  const after = watched(next, kube?.all ?? null);
  if (before === 'all') return [];
  if (after === 'all') return ['kubernetes.contexts (every context of a kubeconfig that cannot be read now)'];
  const added = [...after].filter((c) => !before.has(c));
  if (!kube) return added.map((c) => `kubernetes.contexts (context "${c}": the kubeconfig cannot be read to see how its user logs in)`);
  return added.flatMap((c) => {
    const program = kube.exec.get(c);
    return program === undefined ? [] : [`kubernetes.contexts (context "${c}": its user logs in by running ${program})`];
  });
}
