import { notMeasured, type Figure } from './stats';

const G = 'other integrations at scale';

/** SSH, Kubernetes and Tailscale at bench scale: not wired yet, each says why. */
export default async function run(): Promise<Figure[]> {
  return [
    notMeasured({ group: G, name: 'SSH: 10 hosts, refresh time and requests', unit: 'ms' }, 'not wired yet (the SSH integration landed during this session; needs an in-process ssh2 server × 10)'),
    notMeasured({ group: G, name: 'Kubernetes: 3 clusters × 500 pods, refresh time and requests', unit: 'ms' }, 'not wired yet (test/sim/kube startKubeFake can hold the pods; to be added)'),
    notMeasured({ group: G, name: 'Tailscale: 200 peers, status read time', unit: 'ms' }, 'not wired yet (test/sim/tailscale FakeTailscaled landed during this session)'),
  ];
}
