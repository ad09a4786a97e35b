#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { LabError } from '../../shared/api';
import { guestActions, type GuestAction } from '../../shared/proxmox';
import type { Snapshot } from '../../shared/snapshot';
import { defaultConfigPath } from '../core/config/paths';
import { formatStatus } from './status-text';
import type { OpenLab } from './open';

const usage = `usage: labtray <command> [options]

commands:
  status [--json]                      poll everything once and print the state
  vm <${guestActions.join('|')}> <vmid...> [--cluster NAME]
                                       act on guests and follow the tasks to their end
  backup <vmid...> | --set NAME [--cluster NAME] [--storage S]
                                       back up now (vzdump) and follow the task
  wake <host>                          Wake-on-LAN, direct or through a relay
  ping <peer>                          tailscale ping: direct or via DERP, latency
  doctor                               check the config, secrets and every connection

options:
  --config FILE   config file (default: ${defaultConfigPath()}; or LABTRAY_CONFIG)
  --demo          run against the built-in demo lab (simulators on 127.0.0.1)
  --json          machine-readable output

exit codes: 0 all well, 1 something is critical or an action failed, 2 config or usage error`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      config: { type: 'string' },
      cluster: { type: 'string' },
      set: { type: 'string' },
      storage: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (values.help ? process.stdout : process.stderr).write(usage + '\n');
    return values.help ? 0 : 2;
  }
  if (!['status', 'vm', 'backup', 'wake', 'ping', 'doctor'].includes(command)) throw new UsageError(`unknown command "${command}"`);

  // The core and its clients load only once there is work for them: `--help` and usage errors stay fast.
  const { openLab } = await import('./open');
  const lab = await openLab({ demo: values.demo, configPath: values.config });
  try {
    switch (command) {
      case 'status':
      case 'doctor': {
        const snap = await lab.lab.pollOnce();
        process.stdout.write(values.json ? JSON.stringify(snap, null, 2) + '\n' : formatStatus(snap, command === 'doctor') + '\n');
        return snap.status === 'crit' ? 1 : 0;
      }
      case 'vm':
        return await guestCommand(lab, args, values.cluster, values.json);
      case 'backup':
        return await backupCommand(lab, args, values);
      case 'wake': {
        if (args.length !== 1) throw new UsageError('wake takes one host name');
        await lab.lab.pollOnce();
        const ref = await lab.lab.invoke('wake', { host: args[0] });
        return await follow(lab, [ref.taskId], values.json);
      }
      case 'ping': {
        if (args.length !== 1) throw new UsageError('ping takes one peer name');
        await lab.lab.pollOnce();
        const r = await lab.lab.invoke('pingPeer', { peer: args[0] });
        process.stdout.write(values.json ? JSON.stringify(r, null, 2) + '\n' : r.message + '\n');
        return r.ok ? 0 : 1;
      }
    }
    return 2;
  } finally {
    await lab.close();
  }
}

async function guestCommand(lab: OpenLab, args: string[], cluster: string | undefined, json: boolean): Promise<number> {
  const [action, ...ids] = args;
  if (!guestActions.includes(action as GuestAction)) throw new UsageError(`vm: action must be one of ${guestActions.join(', ')}`);
  const vmids = parseVmids(ids);
  const snap = await lab.lab.pollOnce();
  const name = cluster ?? clusterOf(snap, vmids);
  const refs = await lab.lab.invoke('guestAction', { cluster: name, vmids, action: action as GuestAction });
  return follow(lab, refs.map((r) => r.taskId), json);
}

async function backupCommand(lab: OpenLab, args: string[], v: { cluster?: string; set?: string; storage?: string; json: boolean }): Promise<number> {
  const vmids = args.length ? parseVmids(args) : undefined;
  if (!vmids && !v.set) throw new UsageError('backup: give vmids or --set NAME');
  const snap = await lab.lab.pollOnce();
  const name = v.cluster ?? (vmids ? clusterOf(snap, vmids) : snap.proxmox[0]?.name);
  if (!name) throw new UsageError('backup: no Proxmox cluster is configured');
  const refs = await lab.lab.invoke('startBackup', { cluster: name, vmids, set: v.set, storage: v.storage });
  return follow(lab, refs.map((r) => r.taskId), v.json);
}

/** Prints task progress until every task ends; 0 when all ended OK. */
async function follow(lab: OpenLab, ids: string[], json: boolean): Promise<number> {
  const seen = new Map<string, number>();
  const off = json
    ? () => undefined
    : lab.lab.on('task', (t) => {
        if (!ids.includes(t.id)) return;
        const printed = seen.get(t.id) ?? 0;
        for (const line of t.log.slice(printed)) process.stdout.write(`  ${t.target}: ${line}\n`);
        seen.set(t.id, t.log.length);
      });
  try {
    const results = await Promise.all(ids.map((id) => lab.lab.tasks.wait(id)));
    for (const t of results) {
      if (json) continue;
      const secs = t.endedAt ? ((Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000).toFixed(1) : '?';
      process.stdout.write(`${t.state === 'ok' ? 'OK   ' : 'FAIL '} ${t.action} ${t.target}: ${t.message ?? ''} (${secs} s)\n`);
    }
    if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return results.every((t) => t.state === 'ok') ? 0 : 1;
  } finally {
    off();
  }
}

function parseVmids(ids: string[]): number[] {
  if (!ids.length) throw new UsageError('give at least one vmid');
  return ids.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 100) throw new UsageError(`"${s}" is not a vmid (an integer from 100)`);
    return n;
  });
}

function clusterOf(snap: Snapshot, vmids: number[]): string {
  const owners = new Set(snap.proxmox.filter((c) => c.guests.some((g) => vmids.includes(g.vmid))).map((c) => c.name));
  if (owners.size === 1) return [...owners][0];
  if (owners.size > 1) throw new UsageError(`vmids are in several clusters (${[...owners].join(', ')}): pass --cluster`);
  if (snap.proxmox.length === 1) return snap.proxmox[0].name;
  throw new UsageError(`no configured cluster has guest ${vmids.join(', ')}`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`labtray: ${err.message}\n\n${usage}\n`);
      process.exit(2);
    }
    if (err instanceof LabError) {
      process.stderr.write(`labtray: ${err.message}\n`);
      process.exit(err.code.startsWith('config') || err.code === 'invalid-input' || err.code === 'secret-missing' ? 2 : 1);
    }
    process.stderr.write(`labtray: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
