/** The contexts of each kubeconfig file, for Settings: read with the client's own parser, never logging in (no exec plugin runs). */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeconfigFileView } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { kubeconfigFiles, type KubeconfigSource } from './kubeconfig';

/** The files the kubernetes section reads (its kubeconfig, else KUBECONFIG, else ~/.kube/config), each with its contexts. */
export function kubeconfigFilesView(section: LabConfig['kubernetes'], src: Omit<KubeconfigSource, 'configured'> = {}): KubeconfigFileView[] {
  const { files } = kubeconfigFiles({ ...src, configured: section?.kubeconfig });
  return files.map((file): KubeconfigFileView => {
    if (!existsSync(file)) return { file, found: false, contexts: [] };
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(file);
      const contexts = kc.getContexts().map((ctx) => ({
        name: ctx.name,
        cluster: ctx.cluster,
        server: kc.getCluster(ctx.cluster)?.server ?? null,
        exec: Boolean(ctx.user && kc.getUser(ctx.user)?.exec),
      }));
      return { file, found: true, contexts };
    } catch (err) {
      return { file, found: true, contexts: [], error: err instanceof Error ? err.message : String(err) };
    }
  });
}
