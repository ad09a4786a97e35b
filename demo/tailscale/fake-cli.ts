import { readFileSync, writeFileSync } from 'node:fs';
import { TailnetModel } from './model';

/**
 * The fake `tailscale` CLI: `status [--json]`, `ping [-c N] [--timeout D] <peer>`,
 * `netcheck`, `version`, printed like tailscale 1.76 prints them (including its
 * exit codes and its stderr sentences), from the state file the simulator keeps.
 */
export function main(argv: string[], stateFile: string): void {
  const model = TailnetModel.fromJSON(readFileSync(stateFile, 'utf8'));
  const out: string[] = [];
  const err: string[] = [];
  const code = run(model, argv, out, err);
  writeFileSync(stateFile, JSON.stringify(model.state, null, 1));
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  if (err.length) process.stderr.write(err.join('\n') + '\n');
  process.exitCode = code;
}

const NOT_RUNNING = "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)";

function run(model: TailnetModel, argv: string[], out: string[], err: string[]): number {
  const [cmd, ...rest] = argv;
  const s = model.state;
  switch (cmd) {
    case 'version':
      out.push(s.version.split('-')[0], `  tailscale commit: ${s.version.split('-')[1] ?? ''}`, `  go version: go1.23.1`);
      return 0;
    case 'status': {
      if (!s.daemonUp) return fail(err, NOT_RUNNING);
      if (rest.includes('--json') || rest.includes('-json')) {
        out.push(JSON.stringify(model.status(Date.now()), null, 2));
        return 0;
      }
      const why = notRunning(model);
      if (why) {
        out.push(why);
        return 1;
      }
      out.push(...statusTable(model));
      return 0;
    }
    case 'ping':
      return ping(model, rest, out, err);
    case 'netcheck': {
      if (!s.daemonUp) {
        const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
        err.push(`${stamp} No DERP map from tailscaled; using default.`, `${stamp} attempting to fetch a DERPMap from https://controlplane.tailscale.com`);
      }
      out.push(model.netcheckText(Date.now()).replace(/\n$/, ''));
      return 0;
    }
    default:
      return fail(err, `tailscale: unknown subcommand: ${cmd ?? '(none)'}`, 2);
  }
}

function fail(err: string[], msg: string, code = 1): number {
  err.push(msg);
  return code;
}

function notRunning(model: TailnetModel): string | null {
  switch (model.state.backendState) {
    case 'Running':
    case 'Starting':
      return null;
    case 'Stopped':
      return 'Tailscale is stopped.';
    case 'NeedsLogin':
      return `Logged out.\nLog in at: ${model.state.authUrl}`;
    case 'NeedsMachineAuth':
      return 'Machine is not yet authorized by tailnet admin.';
    default:
      return `unexpected state: ${model.state.backendState}`;
  }
}

function statusTable(model: TailnetModel): string[] {
  const st = model.status(Date.now()) as { Self: Record<string, unknown>; Peer: Record<string, Record<string, unknown>> | null; MagicDNSSuffix: string };
  const rows = [st.Self, ...Object.values(st.Peer ?? {}).sort((a, b) => String(a.DNSName).localeCompare(String(b.DNSName)))];
  return rows.map((ps) => {
    const name = String(ps.DNSName).replace(`.${st.MagicDNSSuffix}.`, '') || `("${String(ps.HostName)}")`;
    const traffic = Number(ps.TxBytes) !== 0 || Number(ps.RxBytes) !== 0;
    let state: string;
    if (!ps.Active) state = ps.ExitNodeOption ? 'idle; offers exit node' : traffic ? 'idle' : !ps.Online ? 'offline' : '-';
    else {
      state = 'active; ' + (ps.ExitNodeOption ? 'offers exit node; ' : '');
      state += ps.CurAddr ? `direct ${String(ps.CurAddr)}` : `relay "${String(ps.Relay)}"`;
      if (!ps.Online) state += '; offline';
    }
    if (traffic) state += `, tx ${Number(ps.TxBytes)} rx ${Number(ps.RxBytes)}`;
    const ip = (ps.TailscaleIPs as string[] | null)?.[0] ?? '';
    return `${ip.padEnd(15)} ${name.padEnd(20)} owner@       ${String(ps.OS).padEnd(7)} ${state}`;
  });
}

function ping(model: TailnetModel, args: string[], out: string[], err: string[]): number {
  let count = 10;
  let untilDirect = true;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c' || a === '--c') count = Number(args[++i]);
    else if (a.startsWith('-c=') || a.startsWith('--c=')) count = Number(a.split('=')[1]);
    else if (a === '--timeout' || a === '-timeout') i++;
    else if (a.startsWith('--timeout=')) continue;
    else if (a === '--until-direct=false') untilDirect = false;
    else if (a.startsWith('-')) continue;
    else targets.push(a);
  }
  const s = model.state;
  if (!s.daemonUp) return fail(err, NOT_RUNNING);
  const why = notRunning(model);
  if (why) {
    out.push(why);
    return 1;
  }
  if (targets.length !== 1) return fail(err, 'usage: tailscale ping <hostname-or-IP>');
  const target = targets[0];
  if (model.isSelf(target)) {
    out.push(`${target} is local Tailscale IP`);
    return 0;
  }
  const isIp = /^[\d.]+$|:/.test(target);
  const peer = model.findPeer(target);
  if (!peer && !isIp) return fail(err, `error looking up IP of "${target}": lookup ${target}: no such host`);
  const ip = peer ? peer.ips[0] : target;
  let anyPong = false;
  for (let n = 1; n <= count; n++) {
    const pr = model.ping(ip);
    if (pr === 'timeout') {
      out.push(`ping "${ip}" timed out`);
      if (n === count) return anyPong ? 0 : fail(err, 'no reply');
      continue;
    }
    if (pr.Err) return fail(err, String(pr.Err));
    const via = pr.PeerRelay ? `peer-relay(${String(pr.PeerRelay)})` : pr.DERPRegionID ? `DERP(${String(pr.DERPRegionCode)})` : String(pr.Endpoint);
    anyPong = true;
    out.push(`pong from ${String(pr.NodeName)} (${String(pr.NodeIP)}) via ${via} in ${Math.round(Number(pr.LatencySeconds) * 1000)}ms`);
    if (pr.Endpoint && untilDirect) return 0;
  }
  return untilDirect ? fail(err, 'direct connection not established') : 0;
}
