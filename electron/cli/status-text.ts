import { checkText } from '../../shared/message';
import { foldProblems } from '../../shared/problem-groups';
import { problems } from '../../shared/tray';
import { formatBytes, formatDuration, formatLatency, formatPercent } from '../../shared/units';
import type { Snapshot } from '../../shared/snapshot';
import type { Check, Status } from '../../shared/status';
import { describePeerPath } from '../../shared/tailscale';
import { explainWith, type Explained } from './explain';
import { createStyle, localTime, visibleLength, type Style } from './style';

const mark: Record<Status, string> = { ok: 'OK  ', warn: 'WARN', crit: 'CRIT', unknown: '??  ' };

/** Columns padded to their widest cell (colour codes do not count), two spaces apart; the header dimmed. */
export function table(rows: string[][], style: Style = createStyle(false)): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => visibleLength(r[i] ?? ''))));
  const pad = (c: string, w: number): string => c + ' '.repeat(Math.max(0, w - visibleLength(c)));
  return rows
    .map((r, n) => {
      const line = ('  ' + r.map((c, i) => pad(c, widths[i])).join('  ')).trimEnd();
      return n === 0 ? style.dim(line) : line;
    })
    .join('\n');
}

function proxmoxPart(s: Snapshot, st: Style): string[] {
  const out: string[] = [];
  for (const c of s.proxmox) {
    out.push('', st.bold(`Proxmox ${c.name}`) + `${c.clusterName ? ` (${c.clusterName})` : ''}${c.quorate === false ? st.red(' NOT QUORATE') : ''}${c.endpoint ? st.dim(` via ${c.endpoint}`) : ''}`);
    const nodeStatus = (x: string): string => (x === 'online' ? x : st.red(x));
    out.push(table([['NODE', 'STATUS', 'CPU', 'MEM', 'UPTIME'], ...c.nodes.map((n) => [n.name, nodeStatus(n.status), formatPercent(n.cpu), n.mem !== null && n.maxmem ? `${formatBytes(n.mem)}/${formatBytes(n.maxmem)}` : '–', formatDuration(n.uptime)])], st));
    const guests = [...c.guests].sort((a, b) => a.vmid - b.vmid);
    const newest = new Map<number, number>();
    for (const b of c.backups) newest.set(b.vmid, Math.max(newest.get(b.vmid) ?? 0, b.ctime * 1000));
    const guestStatus = (x: string): string => (x === 'running' ? st.green(x) : x === 'stopped' ? st.dim(x) : st.yellow(x));
    if (guests.length) {
      out.push('', table([['VMID', 'NAME', 'TYPE', 'NODE', 'STATUS', 'CPU', 'MEM', 'LAST BACKUP'], ...guests.map((g) => [String(g.vmid), g.name, g.type, g.node, guestStatus(g.status) + (g.lock ? st.yellow(` (${g.lock})`) : ''), formatPercent(g.cpu), formatBytes(g.mem), newest.has(g.vmid) ? localTime(newest.get(g.vmid)) : st.dim('never')])], st));
    }
  }
  return out;
}

function tailscalePart(s: Snapshot, st: Style): string[] {
  const t = s.tailscale;
  if (!t) return [];
  const online = (p: { online: boolean; lastSeen: string | null }): string => (p.online ? 'yes' : st.dim(`no${p.lastSeen ? `, last seen ${localTime(p.lastSeen)}` : ''}`));
  return [
    '',
    st.bold('Tailscale') + ` ${t.backendState}${t.self ? ` as ${t.self.name} (${t.self.ip ?? '–'})` : ''}${t.tailnet ? ` on ${t.tailnet}` : ''}`,
    table([['PEER', 'IP', 'ONLINE', 'CONNECTION'], ...t.peers.map((p) => [p.name, p.ip ?? '–', online(p), describePeerPath(p)])], st),
  ];
}

function kubePart(s: Snapshot, st: Style): string[] {
  const out: string[] = [];
  for (const k of s.kubernetes) {
    out.push('', st.bold(`Kubernetes ${k.context}`) + `: ${k.reachable ? `reachable${k.version ? `, ${k.version}` : ''}` : st.red('UNREACHABLE')}`);
    if (k.nodes.length) out.push(table([['NODE', 'READY', 'ROLES', 'ARCH'], ...k.nodes.map((n) => [n.name, n.ready ? 'Ready' : st.red('NotReady'), n.roles.join(',') || '–', n.arch ?? '–'])], st));
    for (const p of k.unhealthyPods) out.push(`  pod ${p.namespace}/${p.name}: ${st.yellow(p.reason)}${p.restarts ? ` (${p.restarts} restarts)` : ''}`);
  }
  return out;
}

/** A source that could not be read, with the reason in plain words and the client's own text kept as detail. */
function sourceProblem(c: Check): Explained | null {
  const key = c.msg?.key;
  if ((key !== 'lab.cannotRead' && key !== 'lab.stale') || !c.error || !c.msg?.params) return null;
  const params = c.msg.params;
  const e = explainWith(c.error, (why) => ({ key, params: { ...params, error: why } }));
  return e.detail ? e : null;
}

/** The human-readable `labtray status`: problems first, then each area; times local, to the second. */
export function formatStatus(s: Snapshot, verbose = false, st: Style = createStyle(false)): string {
  const out: string[] = [];
  out.push(`LabTray ${s.demo ? '(demo lab) ' : ''}${st.status(s.status, mark[s.status].trim())} at ${localTime(s.takenAt)}`);
  // As the tray and the window list them: notes left out, and a kind that comes in numbers on one counted line (all of them with -v).
  const lines = foldProblems(problems(s));
  if (lines.length) {
    out.push('', st.bold('Problems:'));
    // Rendered from the catalogue again, for local times (the summaries carry ISO times, the same on every machine).
    for (const l of lines) {
      if (l.kind === 'one') {
        const said = sourceProblem(l.check);
        out.push(`  ${st.status(l.check.status, mark[l.check.status])} ${said?.sentence ?? checkText('en', l.check)}`);
        if (said?.detail) for (const d of said.detail.split('\n')) out.push(st.dim(`       ${d}`));
        continue;
      }
      out.push(`  ${st.status(l.status, mark[l.status])} ${checkText('en', l)}${verbose ? ':' : st.dim(' (-v lists them)')}`);
      if (verbose) for (const c of l.checks) out.push(`      ${checkText('en', c)}`);
    }
  }
  out.push(...proxmoxPart(s, st), ...tailscalePart(s, st), ...kubePart(s, st));
  if (s.hosts.length) {
    out.push('', st.bold('Hosts:'));
    out.push(table([['HOST', 'REACHABLE', 'VIA', 'LOAD', 'MEM', 'UPTIME'], ...s.hosts.map((h) => [h.name, h.reachable ? 'yes' : st.red('no'), h.via ?? '–', h.load ? h.load.map((x) => x.toFixed(2)).join(' ') : '–', h.memUsed !== null && h.memTotal ? `${formatBytes(h.memUsed)}/${formatBytes(h.memTotal)}` : '–', formatDuration(h.uptimeSeconds)])], st));
  }
  if (verbose) {
    out.push('', st.bold('Sources:'));
    out.push(table([['SOURCE', 'STATE', 'UPDATED', 'LATENCY', 'ERROR'], ...s.sources.map((m) => [m.id, m.error ? st.red(m.stale ? 'stale' : 'failed') : m.updatedAt ? 'ok' : 'pending', localTime(m.updatedAt), formatLatency(m.latencyMs), m.error ?? ''])], st));
  }
  if (!s.sources.length) out.push('', 'Nothing is configured yet: add proxmox:, hosts:, kubernetes: or tailscale: to the config (see README).');
  return out.join('\n');
}
