import { classifyPeer, type PeerConnection, type TailscalePeer, type TailscaleSelf, type TailscaleStatus } from '../../../shared/tailscale';

/** Header lines the CLI prints instead of the table when the backend is not running. */
const STATE_LINES: [RegExp, string][] = [
  [/^Tailscale is stopped\.?$/i, 'Stopped'],
  [/^(Logged out|Not logged in)\.?$/i, 'NeedsLogin'],
  [/^Machine is not yet authorized by tailnet admin\.?$/i, 'NeedsMachineAuth'],
  [/^unexpected state: (\S+)/i, '$1'],
];

const STATUS_START = /^(active;|idle[;,]?|offline[;,]?)$/;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7})$/i;
const AGO = /last seen (\d+)([mhd]) ago/;

/**
 * Parses the plain `tailscale status` table (every release's layout). It is the
 * fallback for captures and old CLIs; `--json` is preferred everywhere else.
 * The first line is this device when its status is `-` (the CLI prints Self first).
 */
export function parseStatusText(text: string, nowMs: number): TailscaleStatus {
  let backendState: string | null = null;
  let authUrl: string | null = null;
  const health: string[] = [];
  const rows: TailscalePeer[] = [];
  let self: TailscaleSelf | null = null;
  let first = true;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const h = /^#\s+-\s+(.*)$/.exec(line);
    if (h) {
      health.push(h[1]);
      continue;
    }
    if (line.startsWith('#')) continue;
    const login = /^Log in at:\s*(\S+)/.exec(line);
    if (login) {
      authUrl = login[1];
      continue;
    }
    const state = STATE_LINES.find(([re]) => re.test(line));
    if (state) {
      backendState = line.replace(state[0], state[1]).split(/\s/)[0];
      continue;
    }
    const row = parseRow(line, nowMs);
    if (!row) continue;
    if (first && row.status === '-') self = { name: row.peer.name, dnsName: row.peer.dnsName, ip: row.peer.ip, ips: row.peer.ips, os: row.peer.os, relay: null };
    else rows.push(row.peer);
    first = false;
  }
  // A device without a Tailscale IP and without peers has not logged in (the CLI of 2021 printed only that row).
  if (!backendState) backendState = self && !self.ip && !rows.length ? 'NeedsLogin' : rows.length || self ? 'Running' : 'NoState';
  return { backendState, via: 'cli', version: null, tailnet: null, magicDnsSuffix: null, self, peers: rows, health, authUrl };
}

function parseRow(line: string, nowMs: number): { peer: TailscalePeer; status: string } | null {
  const tokens = line.split(/\s+/);
  let start = tokens.findIndex((t, i) => i >= 1 && STATUS_START.test(t));
  if (start < 0 && tokens.length >= 2 && tokens[tokens.length - 1] === '-') start = tokens.length - 1;
  if (start < 0) return null;
  const head = tokens.slice(0, start);
  const ip = head.length && IP.test(head[0]) ? head.shift()! : null;
  if (!head.length) return null;
  const [rawName, , os = ''] = head;
  const status = tokens.slice(start).join(' ');
  const name = rawName.replace(/^\("(.*)"\)$/, '$1');
  const online = !/(^|;\s*)offline/.test(status);
  const active = status.startsWith('active;');
  const traffic = /tx (\d+) rx (\d+)/.exec(status);
  const relay = /(?:^|;\s*)relay "([^"]*)"/.exec(status);
  const direct = /direct ([^;,\s]+)/.exec(status);
  const peerRelay = /peer-relay ([^;,\s]+)/.exec(status);
  let connection: PeerConnection = 'idle';
  if (active && peerRelay) connection = 'relay';
  else if (active && direct) connection = 'direct';
  else if (active && relay) connection = 'relay';
  const ago = AGO.exec(status);
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  const peer: TailscalePeer = {
    id: name,
    name,
    dnsName: name.includes('.') ? name : '',
    ip,
    ips: ip ? [ip] : [],
    os,
    online,
    lastSeen: ago ? new Date(nowMs - Number(ago[1]) * unitMs[ago[2] as keyof typeof unitMs]).toISOString() : null,
    lastHandshake: null,
    rxBytes: traffic ? Number(traffic[2]) : 0,
    txBytes: traffic ? Number(traffic[1]) : 0,
    connection,
    relay: relay ? relay[1] : null,
    endpoint: connection === 'direct' && direct ? direct[1] : null,
    exitNode: /(^|;\s*)exit node/.test(status),
    exitNodeOption: /offers exit node/.test(status),
    routes: [],
    tags: [],
    peerRelay: active && peerRelay ? peerRelay[1] : null,
  };
  peer.classification = classifyPeer(peer);
  return { peer, status };
}
