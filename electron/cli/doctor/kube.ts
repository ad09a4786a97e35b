import type { KubernetesConfig } from '../../../shared/config';
import { systemClock } from '../../core/clock';
import { HttpsTransport, KubeApiError, type KubeTransport } from '../../core/kube/http';
import { contextConfig, contextServer, loadKubeconfig, selectContexts, type LoadedKubeconfig } from '../../core/kube/kubeconfig';
import { dnsStep, hostPort, tcpStep } from './net';
import { chain, errorText, say, StepFailure, type Section, type Step } from './steps';

/** What LabTray lists in every cluster it watches. */
const LISTS = [
  { what: 'nodes', path: '/api/v1/nodes' },
  { what: 'pods', path: '/api/v1/pods' },
  { what: 'events', path: '/api/v1/events' },
];

const code = (err: unknown): string => (err instanceof KubeApiError ? err.code : '');

/** One context: DNS → TCP → TLS → authentication → permissions, through the core's own transport. */
async function contextSection(loaded: LoadedKubeconfig, context: string): Promise<Section> {
  const server = contextServer(loaded, context);
  const title = `Kubernetes ${context}${server ? ` · ${server}` : ''}`;
  let transport: KubeTransport | null = null;
  const get = (path: string): Promise<unknown> => transport!.json({ path, query: { limit: 1 }, timeoutMs: 10_000 });
  const steps: Step[] = [
    {
      name: say('doctor.stepKubeconfig'),
      run: async () => {
        transport = new HttpsTransport(contextConfig(loaded, context), systemClock);
        return say('doctor.kubeconfigOk', { files: loaded.files });
      },
    },
  ];
  if (server?.startsWith('https://')) {
    const { host, port } = hostPort(server, 443);
    steps.push(dnsStep(host), tcpStep(host, port));
  }
  steps.push(
    {
      name: 'TLS',
      run: async () => {
        try {
          await transport!.json({ path: '/version', timeoutMs: 10_000 });
        } catch (err) {
          // Refused credentials still mean the server's certificate verified.
          if (!['unauthorized', 'forbidden'].includes(code(err))) throw new StepFailure(code(err) === 'tls' ? say('doctor.kubeTlsFailed') : errorText(err), errorText(err));
        }
        return say('doctor.kubeTlsOk');
      },
    },
    {
      name: say('doctor.stepAuth'),
      run: async () => {
        try {
          await get('/api/v1/nodes');
        } catch (err) {
          if (code(err) === 'unauthorized') throw new StepFailure(say('doctor.kubeAuthRefused'), errorText(err));
          if (code(err) !== 'forbidden') throw err;
        }
        return say('doctor.kubeAuthOk');
      },
    },
    {
      name: say('doctor.stepPermissions'),
      run: async () => {
        const denied: string[] = [];
        for (const l of LISTS) {
          try {
            await get(l.path);
          } catch (err) {
            if (code(err) !== 'forbidden') throw err;
            denied.push(l.what);
          }
        }
        if (denied.length) throw new StepFailure(say('doctor.kubeCannotList', { lists: denied }));
        return say('doctor.kubeCanList', { lists: LISTS.map((l) => l.what) });
      },
    },
  );
  try {
    return await chain(title, steps);
  } finally {
    (transport as KubeTransport | null)?.close();
  }
}

/** Every context LabTray watches (kubernetes.contexts, or all of the kubeconfig). */
export function kubeSections(cfg: KubernetesConfig): Promise<Section>[] {
  let loaded: LoadedKubeconfig;
  try {
    loaded = loadKubeconfig({ configured: cfg.kubeconfig });
  } catch (err) {
    return [chain('Kubernetes', [{ name: say('doctor.stepKubeconfig'), run: () => Promise.reject(new StepFailure(errorText(err))) }])];
  }
  const contexts = selectContexts(loaded, cfg.contexts);
  if (contexts.length === 0) return [chain('Kubernetes', [{ name: say('doctor.stepKubeconfig'), run: () => Promise.reject(new StepFailure(say('doctor.kubeNoContexts', { files: loaded.files }))) }])];
  return contexts.map((c) => contextSection(loaded, c));
}
