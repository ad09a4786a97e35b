/**
 * The long-running core in a process of its own for the hostile-watch memory test: a Lab watching the one
 * context of the kubeconfig given as the first argument. Over IPC it reports its RSS every 20 ms and the
 * cluster's API check when it changes, and answers {ping} with {pong} (its event loop still turns).
 */
import { kubernetesIntegration } from '../../../electron/core/kube/integration';
import { createLab } from '../../../electron/core/open-lab';
import { MemorySecretStore } from '../../../electron/core/secrets';

const send = (m: unknown): void => {
  process.send?.(m);
};
const lab = createLab({
  config: { kubernetes: { kubeconfig: process.argv[2], contexts: ['k3s-hostile'], interval: 1000 } },
  secrets: new MemorySecretStore(),
  factories: [kubernetesIntegration],
  log: { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) },
});
const sampler = setInterval(() => send({ rss: process.memoryUsage().rss }), 20);
let said = '';
lab.on('snapshot', (s) => {
  const api = s.checks.find((c) => c.id === 'kubernetes:k3s-hostile:api');
  if (api?.error && api.error !== said) {
    said = api.error;
    send({ api: { status: api.status, error: api.error } });
  }
});
process.on('message', (m: { ping?: boolean; stop?: boolean }) => {
  if (m.ping) send({ pong: true, rss: process.memoryUsage().rss });
  if (m.stop) {
    clearInterval(sampler);
    void lab.stop().then(() => process.exit(0));
  }
});
await lab.start();
send({ started: true });
