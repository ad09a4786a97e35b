// The simulators at bench scale (issue 10): SSH hosts, kube clusters, a
// tailnet and Proxmox clusters on 127.0.0.1, each with counters the figures read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Connection } from 'ssh2';
import type { LabConfig } from '../../shared/config';
import { sshFingerprint } from '../../electron/core/ssh/fingerprint';
import { SimCluster, type ClusterSpec } from '../../demo/kube/cluster';
import { writeKubeconfig } from '../../demo/kube/kubeconfig';
import { referenceClusters } from '../../demo/kube/reference';
import { startKubeFake, type KubeFake } from '../../demo/kube/server';
import { PveSim } from '../../demo/pve/sim';
import { OrangePi5, otherCommand } from '../../demo/ssh/demo';
import { FakeTailscaled } from '../../demo/tailscale/fake-tailscaled';
import { demoTailnet, peer } from '../../demo/tailscale/model';
import { clusterConfig, growTo, secretsFor } from './pve-scale';

// OpenSSH's sshd sends no keepalives unless ClientAliveInterval is set; ssh2's server
// sends one every 15 s by default, so it is pushed out of reach here.
const OPENSSH_NO_CLIENT_ALIVE = 2 ** 31 - 1;

export interface SimPart {
  config: LabConfig;
  secrets: Record<string, string>;
  stop(): Promise<void>;
}

/** One SSH server's counters: handshakes (connections) and commands run. */
export interface SshCounters {
  connections: number;
  execs: number;
}

export interface SshHosts extends SimPart {
  counters: SshCounters[];
}

/**
 * `n` SSH servers, one per simulated host (its own port, host key and board),
 * so the integration opens n connections and verifies n host keys as it would
 * against n machines. All share one user key.
 */
export async function startSshHosts(n: number): Promise<SshHosts> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-bench-ssh-'));
  const userKeys = ssh2.utils.generateKeyPairSync('ed25519');
  const userKeyPath = join(dir, 'id_ed25519');
  writeFileSync(userKeyPath, userKeys.private, { mode: 0o600 });
  const userPub = ssh2.utils.parseKey(userKeys.public);
  if (userPub instanceof Error) throw new Error('could not parse the generated user key', { cause: userPub });
  const servers: { server: ssh2.Server; clients: Set<Connection> }[] = [];
  const counters: SshCounters[] = [];
  const hosts: NonNullable<LabConfig['hosts']> = [];
  const onAuth = (ctx: AuthContext): void => {
    if (ctx.method !== 'publickey' || ctx.username !== 'bench' || !ctx.key.data.equals(userPub.getPublicSSH())) return ctx.reject(['publickey']);
    if (!ctx.signature) return ctx.accept();
    if (ctx.blob && userPub.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
    ctx.reject(['publickey']);
  };
  try {
    for (let i = 0; i < n; i++) {
      const hostKeys = ssh2.utils.generateKeyPairSync('ed25519');
      const hostPub = ssh2.utils.parseKey(hostKeys.public);
      if (hostPub instanceof Error) throw new Error('could not parse a generated host key', { cause: hostPub });
      const board = new OrangePi5(() => Date.now());
      const count: SshCounters = { connections: 0, execs: 0 };
      const clients = new Set<Connection>();
      const server = new ssh2.Server({ hostKeys: [hostKeys.private], keepaliveInterval: OPENSSH_NO_CLIENT_ALIVE }, (client: Connection) => {
        count.connections++;
        clients.add(client);
        client.on('close', () => clients.delete(client));
        client.on('authentication', onAuth);
        client.on('ready', () => {
          client.on('session', (accept) => {
            accept().on('exec', (acceptExec, _reject, info) => {
              count.execs++;
              const stream = acceptExec();
              const nonce = /^sh -c 'N=([A-Za-z0-9]+);/.exec(info.command)?.[1];
              const r = nonce ? { code: 0, out: board.probe(nonce), err: '' } : otherCommand(info.command);
              stream.write(r.out);
              if (r.err) stream.stderr.write(r.err);
              stream.exit(r.code);
              stream.end();
            });
          });
        });
        client.on('error', () => undefined); // a client going away mid-handshake is normal
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      servers.push({ server, clients });
      counters.push(count);
      hosts.push({ name: `host${i}`, ssh: { host: '127.0.0.1', port, user: 'bench', identityFile: userKeyPath, hostKey: sshFingerprint(hostPub.getPublicSSH()) }, interval: 30_000 });
    }
  } catch (err) {
    await stopSsh(servers, dir);
    throw err;
  }
  return { config: { hosts }, secrets: {}, counters, stop: () => stopSsh(servers, dir) };
}

async function stopSsh(servers: { server: ssh2.Server; clients: Set<Connection> }[], dir: string): Promise<void> {
  await Promise.all(
    servers.map(({ server, clients }) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of clients) c.end();
      return closed;
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

/** A reference cluster grown to `pods` pods by one extra Deployment (spread over its untainted nodes). */
export function scaledSpec(spec: ClusterSpec, pods: number): ClusterSpec {
  const have = new SimCluster(spec).pods().length;
  if (have >= pods) return spec;
  const load = (replicas: number): ClusterSpec => ({ ...spec, workloads: [...spec.workloads, { namespace: 'bench', name: 'bench-load', kind: 'Deployment', image: 'docker.io/library/nginx:1.27.3', replicas }] });
  // The model may place a different number than asked (shared pod names collapse): correct once by what it built.
  const first = load(pods - have);
  const got = new SimCluster(first).pods().length;
  return got === pods ? first : load(pods - have + (pods - got));
}

export interface KubeClusters extends SimPart {
  fakes: KubeFake[];
}

/** The three reference clusters, each grown to `pods` pods, read with a token. */
export async function startKubeClusters(count: number, pods: number): Promise<KubeClusters> {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-bench-kube-'));
  const fakes: KubeFake[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const base = referenceClusters[i % referenceClusters.length];
      const spec = scaledSpec({ ...base, name: i < referenceClusters.length ? base.name : `${base.name}-${i}` }, pods);
      fakes.push(await startKubeFake(new SimCluster(spec)));
    }
    const contexts = fakes.map((f) => f.contextEntry(f.cluster.spec.name, { token: f.addToken('labtray-bench') }));
    const kubeconfig = writeKubeconfig(join(dir, 'kubeconfig'), contexts);
    return {
      config: { kubernetes: { kubeconfig, contexts: contexts.map((c) => c.name), interval: 15_000 } },
      secrets: {},
      fakes,
      stop: async () => {
        await Promise.allSettled(fakes.map((f) => f.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.allSettled(fakes.map((f) => f.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface Tailnet extends SimPart {
  daemon: FakeTailscaled;
}

/** The demo tailnet grown to `peers` peers: a mix of direct, relayed, idle and offline nodes. */
export async function startTailnet(peers: number): Promise<Tailnet> {
  const state = demoTailnet();
  for (let i = state.peers.length; i < peers; i++) {
    const ip = `100.90.${i >> 8}.${i & 255}`;
    state.peers.push(
      peer(`node-${i}`, i % 5 ? 'linux' : 'windows', ip, {
        online: i % 9 !== 0,
        active: i % 3 !== 0,
        link: i % 4 ? 'direct' : 'derp',
        derp: ['hkg', 'tok', 'sin', 'fra'][i % 4],
        tags: i % 2 ? ['tag:server'] : [],
        rxBytes: i * 10_007,
        txBytes: i * 3_001,
        lastSeen: i % 9 ? null : '2026-11-20T08:00:00Z',
      }),
    );
  }
  const daemon = await new FakeTailscaled(state).start();
  return {
    config: { tailscale: { socket: daemon.socketPath, cli: daemon.cliPath, subnetRouter: 'tailscale-gateway', interval: 10_000 } },
    secrets: {},
    daemon,
    stop: () => daemon.stop(),
  };
}

export interface PveClusters extends SimPart {
  sims: PveSim[];
}

/** `count` simulated Proxmox clusters of `guests` guests each. */
export async function startPveClusters(count: number, guests: number): Promise<PveClusters> {
  const names = Array.from({ length: count }, (_, i) => `pve${i}`);
  const sims = await Promise.all(names.map(() => PveSim.start({ speed: 0.05 })));
  for (const s of sims) growTo(s, guests);
  return {
    config: { proxmox: names.map((n, i) => clusterConfig(n, sims[i])) },
    secrets: secretsFor(names, sims),
    sims,
    stop: async () => {
      await Promise.all(sims.map((s) => s.stop()));
    },
  };
}

/** Merges parts into one config and secret set, and stops them together. */
export function combine(parts: SimPart[]): SimPart {
  const config: LabConfig = {};
  const secrets: Record<string, string> = {};
  for (const p of parts) {
    Object.assign(config, p.config);
    Object.assign(secrets, p.secrets);
  }
  return {
    config,
    secrets,
    stop: async () => {
      await Promise.allSettled(parts.map((p) => p.stop()));
    },
  };
}
