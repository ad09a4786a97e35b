import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCertificate, type SimCertificate } from '../pve/cert';

/** A smart plug: its entity, and the owner's measured draw (idle / low load / full load, W). */
export interface PlugSpec {
  entity: string;
  friendlyName: string;
  /** Idle (null: never idles, e.g. disks that keep spinning), low load, full load. */
  draw: [number | null, number, number];
  /** The PVE node it feeds; its draw follows that node's load. */
  node?: string;
}

/** What a plug's node is doing: off, or its CPU use 0..1. */
export interface NodeLoad {
  online: boolean;
  cpu: number;
}

/** The reference lab's plugs at the owner's measured draw (shared/reference-lab.yaml, power.draw_w). */
export const homelabPlugs: readonly PlugSpec[] = [
  { entity: 'sensor.um560_power', friendlyName: 'um560 plug Power', draw: [6, 15, 45], node: 'um560' },
  { entity: 'sensor.s500plus_power', friendlyName: 's500plus plug Power', draw: [6, 16, 60], node: 's500plus' },
  { entity: 'sensor.gtr5_power', friendlyName: 'gtr5 plug Power', draw: [6, 35, 50], node: 'gtr5' },
  { entity: 'sensor.router_power', friendlyName: 'Router plug Power', draw: [10, 10, 10] },
  { entity: 'sensor.disk_enclosure_power', friendlyName: 'Disk enclosure plug Power', draw: [null, 12, 12] },
];

/** A node switched off still feeds its NIC for Wake-on-LAN. */
export const OFF_WATTS = 1;
/** The CPU use at which the owner measured "low load". */
export const LOW_LOAD_CPU = 0.1;

/** A plug's draw for its node's load: ~1 W off, the low-load figure at light use, rising to full load. */
export function plugWatts(p: PlugSpec, load: NodeLoad | null): number {
  const [, low, full] = p.draw;
  if (!load) return low;
  if (!load.online) return OFF_WATTS;
  const busy = Math.min(1, Math.max(0, (load.cpu - LOW_LOAD_CPU) / (1 - LOW_LOAD_CPU)));
  return Math.round((low + (full - low) * busy) * 10) / 10;
}

export interface HaSimOptions {
  plugs?: readonly PlugSpec[];
  /** The load of a plug's node (the PVE simulator's nodes in the demo); absent: every plug at low load. */
  load?: (node: string) => NodeLoad | null;
  clock?: () => number;
  cert?: SimCertificate;
}

/**
 * Home Assistant's REST API, the part LabTray reads: GET /api/, /api/states,
 * /api/states/<entity_id> and /api/history/period/<start>, bearer token
 * checked on each, over TLS with its own self-signed certificate.
 */
export class HaSim {
  readonly token = randomBytes(24).toString('base64url');
  readonly cert: SimCertificate;
  readonly requests: string[] = [];
  private server: Server | null = null;
  private readonly plugs: readonly PlugSpec[];
  private readonly clock: () => number;
  private readonly startedAt: number;
  private readonly changed = new Map<string, { watts: number; at: number }>();
  load: ((node: string) => NodeLoad | null) | undefined;
  url = '';

  constructor(opts: HaSimOptions = {}) {
    this.plugs = opts.plugs ?? homelabPlugs;
    this.clock = opts.clock ?? Date.now;
    this.load = opts.load;
    this.cert = opts.cert ?? generateCertificate('homeassistant.lab.home.arpa');
    this.startedAt = this.clock();
  }

  static async start(opts: HaSimOptions = {}): Promise<HaSim> {
    const sim = new HaSim(opts);
    await sim.listen();
    return sim;
  }

  get fingerprint(): string {
    return this.cert.fingerprint;
  }

  /** A state object as Home Assistant gives it: state is a string, times are ISO. */
  state(p: PlugSpec): Record<string, unknown> {
    const now = this.clock();
    const watts = plugWatts(p, p.node && this.load ? this.load(p.node) : null);
    const last = this.changed.get(p.entity);
    if (!last || last.watts !== watts) this.changed.set(p.entity, { watts, at: last ? now : this.startedAt });
    const changedAt = new Date(this.changed.get(p.entity)!.at).toISOString();
    return {
      entity_id: p.entity,
      state: String(watts),
      attributes: { state_class: 'measurement', unit_of_measurement: 'W', device_class: 'power', friendly_name: p.friendlyName },
      last_changed: changedAt,
      last_reported: new Date(now).toISOString(),
      last_updated: changedAt,
      context: { id: randomBytes(13).toString('hex').toUpperCase(), parent_id: null, user_id: null },
    };
  }

  /**
   * The recorder's past for the demo: an hourly point per plug, generated
   * deterministically from the hour and the plug (made up, not measured):
   * the low-load figure with a daytime bump and a little spread.
   */
  history(entities: readonly string[], start: number, end: number): unknown[][] {
    return entities.flatMap((id) => {
      const p = this.plugs.find((x) => x.entity === id);
      if (!p) return [];
      const [, low, full] = p.draw;
      const points: Record<string, unknown>[] = [];
      const first = Math.ceil(start / 3_600_000) * 3_600_000;
      for (let t = first; t < end; t += 3_600_000) {
        const hour = new Date(t).getHours();
        const seed = Math.sin((t / 3_600_000) * 12.9898 + id.length * 78.233) * 43758.5453;
        const spread = seed - Math.floor(seed);
        const day = hour >= 9 && hour < 23 ? 0.12 : 0;
        const w = Math.round((low + (full - low) * (day * spread + 0.03 * spread)) * 10) / 10;
        points.push(points.length === 0 ? { entity_id: id, state: String(w), last_changed: new Date(t).toISOString() } : { state: String(w), last_changed: new Date(t).toISOString() });
      }
      return [points];
    });
  }

  private async listen(): Promise<void> {
    const server = createServer({ key: this.cert.key, cert: this.cert.cert }, (req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', 'https://ha');
    this.requests.push(u.pathname);
    const send = (status: number, body: unknown): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' });
      res.end(text);
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, '401: Unauthorized');
    if (req.method !== 'GET') return send(405, '405: Method Not Allowed');
    if (u.pathname === '/api/') return send(200, { message: 'API running.' });
    if (u.pathname === '/api/states') return send(200, this.plugs.map((p) => this.state(p)));
    const one = /^\/api\/states\/([^/]+)$/.exec(u.pathname);
    if (one) {
      const p = this.plugs.find((x) => x.entity === decodeURIComponent(one[1]));
      return p ? send(200, this.state(p)) : send(404, { message: 'Entity not found.' });
    }
    const period = /^\/api\/history\/period\/([^/]+)$/.exec(u.pathname);
    if (period) {
      const start = Date.parse(decodeURIComponent(period[1]));
      const end = u.searchParams.has('end_time') ? Date.parse(u.searchParams.get('end_time')!) : this.clock();
      const filter = u.searchParams.get('filter_entity_id');
      if (!filter || !Number.isFinite(start) || !Number.isFinite(end)) return send(400, { message: 'Invalid filter or time' });
      return send(200, this.history(filter.split(','), start, Math.min(end, this.clock())));
    }
    return send(404, { message: 'Not found' });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
