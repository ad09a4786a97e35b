// Where the idle CPU goes: runs the core with the window hidden against the scaled
// simulators (child process), after a warm-up, and reports CPU per minute; with
// `--profile FILE` also writes a CPU profile (the sampler itself costs CPU).
// `node --import tsx test/bench/profile-idle.ts [--only proxmox,ssh,kubernetes,tailscale|none] [--seconds 60] [--profile FILE]`
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { createHook } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { firstLiveReal, realLab, startChildLab } from './real-figures';

const { values } = parseArgs({ options: { only: { type: 'string' }, seconds: { type: 'string', default: '60' }, profile: { type: 'string' }, warmup: { type: 'string', default: '25' }, buckets: { type: 'boolean', default: false } } });
const keepAlive = setInterval(() => undefined, 2 ** 30);
const sim = await startChildLab('scaled');
if (values.only) {
  const keep = new Set(values.only.split(','));
  const cfg = sim.config as Record<string, unknown>;
  for (const k of Object.keys(cfg)) if (!keep.has(k === 'hosts' ? 'ssh' : k)) delete cfg[k];
}
const lab = realLab(sim);
await lab.start();
// `--only none`: the same process and modules with no source, the floor the engine itself costs (its idle GCs).
if (values.only !== 'none') await firstLiveReal(lab);
lab.setPollFlags({ windowVisible: false });
await new Promise((r) => setTimeout(r, Number(values.warmup) * 1000));
let session: Session | null = null;
if (values.profile) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const seen = { requests: 0, connections: 0, snapshots: 0 };
const paths = new Map<string, number>();
subscribe('undici:request:create', (m) => {
  seen.requests++;
  const p = String((m as { request: { path: string } }).request.path).replace(/\?.*/, '');
  paths.set(p, (paths.get(p) ?? 0) + 1);
});
subscribe('undici:client:connected', () => seen.connections++);
// With --buckets: which sources published in each second, beside its CPU.
const published = new Map<number, Set<string>>();
const t0 = Date.now();
const seenAt = new Map(lab.snapshot.sources.map((m) => [m.id, m.updatedAt ?? m.lastAttemptAt]));
lab.on('snapshot', (snap) => {
  seen.snapshots++;
  const sec = Math.floor((Date.now() - t0) / 1000);
  for (const m of snap.sources) {
    const at = m.updatedAt ?? m.lastAttemptAt;
    if (seenAt.get(m.id) !== at) (published.get(sec) ?? published.set(sec, new Set()).get(sec)!).add(m.id.replace(/:.*/, ''));
    seenAt.set(m.id, at);
  }
});
const types = new Map<number, string>();
const where = new Map<number, string>();
const fired = new Map<string, number>();
const hook = createHook({
  init(id, type, _trigger, resource) {
    types.set(id, type);
    if (type === 'Timeout') {
      const r = resource as { _onTimeout?: { name?: string }; _idleTimeout?: number };
      where.set(id, `${r._onTimeout?.name || 'anon'}@${r._idleTimeout}ms ${(new Error().stack ?? '').split('\n').slice(3, 6).map((l) => l.trim().replace(/.*\/(main|node_modules)\//, '')).join(' < ')}`);
    }
  },
  before(id) {
    const k = where.get(id) ?? types.get(id) ?? '?';
    fired.set(k, (fired.get(k) ?? 0) + 1);
  },
  destroy(id) {
    types.delete(id);
    where.delete(id);
  },
});
if (process.env.HOOKS) hook.enable();
const c0 = process.cpuUsage();
// CPU per second, to tell bursts (polls) from a steady trickle (timers, keepalives).
const buckets: number[] = [];
let last = process.cpuUsage();
const sampler = values.buckets
  ? setInterval(() => {
      const d = process.cpuUsage(last);
      last = process.cpuUsage();
      buckets.push((d.user + d.system) / 1000);
    }, 1000)
  : undefined;
await new Promise((r) => setTimeout(r, Number(values.seconds) * 1000));
clearInterval(sampler);
const c = process.cpuUsage(c0);
if (session && values.profile) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(values.profile, JSON.stringify(profile));
}
const perMin = ((c.user + c.system) / 1000) * (60 / Number(values.seconds));
console.log(`${values.only ?? 'all'}: ${perMin.toFixed(1)} ms CPU/min (user ${(c.user / 1000).toFixed(1)}, system ${(c.system / 1000).toFixed(1)} ms over ${values.seconds} s)`);
if (values.buckets) {
  console.log(`per second: ${buckets.map((b) => b.toFixed(1)).join(' ')}`);
  const busy = buckets.map((ms, i) => ({ i, ms })).filter((b) => b.ms > 1.5 || published.has(b.i));
  console.log(`busy seconds: ${busy.map((b) => `${b.i}: ${b.ms.toFixed(1)}${published.has(b.i) ? ` [${[...published.get(b.i)!].join(',')}]` : ''}`).join('; ')}`);
}
console.log(`undici requests ${seen.requests}, new connections ${seen.connections}, snapshots ${seen.snapshots}`);
console.log([...paths].map(([p, n]) => `${n} ${p}`).join('\n'));
hook.disable();
if (process.env.HOOKS) console.log([...fired].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, n]) => `${n}\t${k}`).join('\n'));
await lab.stop();
await sim.stop();
clearInterval(keepAlive);
