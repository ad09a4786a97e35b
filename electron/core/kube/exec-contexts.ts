/** Which contexts of the configured kubeconfig log in by running a program: what a save from the window may not add. */
import type { LabConfig } from '../../../shared/config';
import type { KubeContextFacts } from '../config/locked';
import { loadKubeconfig, type KubeconfigSource } from './kubeconfig';

/**
 * Reads the kubeconfig a kubernetes section names (or kubectl's default) and lists its contexts and those whose
 * user has an `exec` credential plugin. Null when the section is absent or the files cannot be read.
 */
export function kubeContextFacts(section: LabConfig['kubernetes'], src: Omit<KubeconfigSource, 'configured'> = {}): KubeContextFacts | null {
  if (!section) return null;
  let loaded;
  try {
    loaded = loadKubeconfig({ ...src, configured: section.kubeconfig });
  } catch {
    // Unreadable: lockedChanges then treats every context added as one it cannot check.
    return null;
  }
  const exec = new Map<string, string>();
  for (const ctx of loaded.contexts) {
    const user = loaded.users.find((u) => u.name === ctx.user);
    const command = (user?.exec as { command?: unknown } | undefined)?.command;
    if (user?.exec) exec.set(ctx.name, typeof command === 'string' && command ? command : 'an exec plugin');
  }
  return { all: loaded.contexts.map((c) => c.name), exec };
}
