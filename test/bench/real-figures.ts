// Idle cost and startup with the real integrations against the simulators,
// which run in a child process (sim-child.ts) so that CPU and wakeups are the core's alone.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { LabConfig } from '../../shared/config';
import type { Snapshot } from '../../shared/snapshot';
import { systemClock, type Clock } from '../../electron/core/clock';
import type { IntegrationFactory } from '../../electron/core/lab/integration';
import { kubernetesIntegration } from '../../electron/core/kube/integration';
import { Lab } from '../../electron/core/lab/lab';
import { createProxmoxIntegration } from '../../electron/core/proxmox/integration';
import { MemorySecretStore } from '../../electron/core/secrets';
import { sshIntegration } from '../../electron/core/ssh/integration';
import { tailscaleIntegration } from '../../electron/core/tailscale/integration';
import { wolIntegration } from '../../electron/core/wol/integration';
import type { BenchOptions } from './core-figures';
import { CountingClock, SCALE } from './scale';
import { figure, repeat, type Figure } from './stats';

interface SimLab {
  config: LabConfig;
  secrets: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `demo` or `scaled` simulators in a child process and returns what points LabTray at them. */
export async function startChildLab(which: 'demo' | 'scaled'): Promise<SimLab> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./sim-child.ts', import.meta.url)), [which], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ config: LabConfig; secrets: Record<string, string> }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${which} simulators did not start within 120 s`)), 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      const msg = m as { config?: LabConfig; secrets?: Record<string, string>; error?: string };
      if (msg.error || !msg.config) reject(new Error(`the ${which} simulators failed: ${msg.error ?? 'no config'}`));
      else resolve({ config: msg.config, secrets: msg.secrets ?? {} });
    });
    child.once('exit', (code) => reject(new Error(`the ${which} simulator process exited (${code ?? 'signal'}) before it was ready`)));
  });
  return {
    ...ready,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.send('stop');
      await gone;
      clearTimeout(kill);
    },
  };
}

/** The integrations a user's lab runs (location is left out: it reads this machine's network). */
const factories = (): IntegrationFactory[] => [createProxmoxIntegration(), sshIntegration, kubernetesIntegration, tailscaleIntegration, wolIntegration];

export function realLab(sim: SimLab, clock: Clock = systemClock): Lab {
  return new Lab({ config: sim.config, factories: factories(), secrets: new MemorySecretStore(sim.secrets), clock });
}

/** Every source has answered with data (an offline demo host may answer with an error instead). */
export function firstLiveReal(lab: Lab, ms = 90_000): Promise<Snapshot> {
  const done = (s: Snapshot): boolean => s.sources.length > 0 && s.sources.every((m) => m.updatedAt !== null || m.error !== null);
  if (done(lab.snapshot)) return Promise.resolve(lab.snapshot);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const waiting = lab.snapshot.sources.filter((m) => !done({ ...lab.snapshot, sources: [m] })).map((m) => m.id);
      reject(new Error(`no live snapshot after ${ms / 1000} s; waiting for ${waiting.join(', ')}`));
    }, ms);
    const off = lab.on('snapshot', (s) => {
      if (done(s)) {
        off();
        clearTimeout(timer);
        resolve(s);
      }
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  g?.();
  g?.();
}

const SCALED = `${SCALE.clusters}×${SCALE.guests} guests, ${SCALE.hosts} SSH hosts, ${SCALE.kube}×${SCALE.pods} pods, ${SCALE.peers} peers`;

/** CPU and wakeups of the core with the real integrations at bench scale, window hidden and open. */
export async function idleReal(o: BenchOptions): Promise<Figure[]> {
  // Hidden, a PVE cluster is read once a minute and an SSH host every 3 minutes: windows of 2 minutes see a fair share of each.
  const slowWindow = o.quick ? 15_000 : 120_000;
  const fastWindow = o.quick ? 5_000 : 15_000;
  const windows = 2;
  const sim = await startChildLab('scaled');
  try {
    gc();
    // The floor: this process with every module loaded and no Lab, for as long as a hidden window. An idle V8
    // still collects garbage (its memory reducer runs a full GC when none ran for about 100 s), and the cost of
    // that GC grows with the loaded code (the Kubernetes client alone adds about 25 MB of heap).
    o.log(`idle (real): baseline, the process alone for ${slowWindow / 1000} s`);
    const b0 = cpuMs();
    await sleep(slowWindow);
    const baseRuns = [((cpuMs() - b0) * 60_000) / slowWindow];
    const clock = new CountingClock(systemClock);
    const lab = realLab(sim, clock);
    await lab.start();
    await firstLiveReal(lab);
    const measure = async (mode: 'slow' | 'fast', windowMs: number, settleMs: number): Promise<{ cpu: number[]; wake: number[] }> => {
      lab.setPollFlags({ windowVisible: mode === 'fast' });
      await sleep(settleMs);
      gc();
      const cpu: number[] = [];
      const wake: number[] = [];
      for (let i = 0; i < windows; i++) {
        o.log(`idle (real): ${mode} window ${i + 1}/${windows} (${windowMs / 1000} s)`);
        const c0 = cpuMs();
        const f0 = clock.fired;
        await sleep(windowMs);
        cpu.push(((cpuMs() - c0) * 60_000) / windowMs);
        wake.push(((clock.fired - f0) * 60_000) / windowMs);
      }
      return { cpu, wake };
    };
    // Hidden first, once the start-up tail is over (the first netcheck runs 20 s after start).
    const slow = await measure('slow', slowWindow, o.quick ? 2_000 : 25_000);
    const fast = await measure('fast', fastWindow, 2_000);
    const errors = lab.snapshot.sources.filter((m) => m.error).map((m) => m.id);
    await lab.stop();
    const g = 'idle cost (real integrations, simulators in a child process)';
    const note = `${SCALED}; simulators in another process, so this is the core alone (watches, keepalives, polls, parsing); windows of ${slowWindow / 1000} s${errors.length ? `; sources in error: ${errors.join(', ')}` : ''}`;
    return [
      figure({ group: g, name: 'CPU, window hidden (slow)', unit: 'ms/min', target: { op: '<', value: 50 }, baseline: { name: 'process alone', runs: baseRuns }, note }, slow.cpu),
      figure({ group: g, name: 'CPU, window hidden, added by the Lab (per window − process alone)', unit: 'ms/min', note: 'polls, probes, watches and keepalives; the baseline is the same process idle with the same modules for a window as long' }, slow.cpu.map((x) => x - baseRuns[0])),
      figure({ group: g, name: 'core timer wakeups, window hidden', unit: '/min', note: 'Clock.setTimeout fires (Lab and integrations); socket reads of watches and keepalives are not timers and not counted' }, slow.wake),
      figure({ group: g, name: 'CPU, window open (fast)', unit: 'ms/min', baseline: { name: 'process alone', runs: baseRuns } }, fast.cpu),
      figure({ group: g, name: 'core timer wakeups, window open', unit: '/min' }, fast.wake),
    ];
  } finally {
    await sim.stop();
  }
}

/** Core start → first live snapshot with the real integrations: the demo lab, and the lab at bench scale. */
export async function startupReal(o: BenchOptions): Promise<Figure[]> {
  const g = 'startup (real integrations against the simulators)';
  const out: Figure[] = [];
  for (const which of ['demo', 'scaled'] as const) {
    const sim = await startChildLab(which);
    try {
      const runs = await repeat(o.quick ? 2 : 5, async (i) => {
        if (i >= 0) o.log(`startup (real): ${which} run ${i + 1}`);
        const t0 = performance.now();
        const lab = realLab(sim);
        await lab.start();
        await firstLiveReal(lab);
        const ms = performance.now() - t0;
        await lab.stop();
        return ms;
      }, 1);
      const what = which === 'demo' ? 'the demo lab (startDemoLab: 1 PVE cluster, 3 kube clusters, tailnet, 2 SSH hosts of which 1 offline)' : SCALED;
      out.push(figure({ group: g, name: `core start → first live snapshot, ${which} lab`, unit: 'ms', note: `${what}; every source answered (or, for an offline host, reported its error); fresh connections each run (TLS, SSH handshakes)` }, runs));
    } finally {
      await sim.stop();
    }
  }
  return out;
}
