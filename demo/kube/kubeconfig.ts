/** Writes a kubeconfig for fake API servers: CA data plus a token or a client certificate per context. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { KubeconfigContext } from './server';

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

/** The kubeconfig text, in the shape `kubectl config view --raw` prints. */
export function kubeconfigYaml(contexts: KubeconfigContext[], current = contexts[0]?.name): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: contexts.map((c) => ({ name: c.name, cluster: { server: c.server, 'certificate-authority-data': b64(c.caPem) } })),
    users: contexts.map((c) => ({
      name: `${c.name}-admin`,
      user: c.auth.clientCert
        ? { 'client-certificate-data': b64(c.auth.clientCert.certPem), 'client-key-data': b64(c.auth.clientCert.keyPem) }
        : { token: c.auth.token ?? '' },
    })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } })),
    'current-context': current ?? '',
  });
}

/** Writes the kubeconfig (mode 0600, as kubectl expects for credentials) and returns its path. */
export function writeKubeconfig(path: string, contexts: KubeconfigContext[], current?: string): string {
  writeFileSync(path, kubeconfigYaml(contexts, current), { mode: 0o600 });
  return path;
}
