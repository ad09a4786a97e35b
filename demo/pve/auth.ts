/**
 * PVE's two ways in, as pveproxy checks them: an API token in the
 * Authorization header, or a ticket cookie (plus the CSRF token on writes)
 * from POST /access/ticket; and the privileges each user or token holds on `/`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { now, SimHttpError, type SimTicketGrant, type SimToken, type SimUser } from './model';

const TICKET_LIFETIME_S = 2 * 3600;

/** The privileges PVE knows (what root holds everywhere). */
const ALL_PRIVILEGES = [
  'Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit',
  'Permissions.Modify', 'Pool.Allocate', 'Pool.Audit', 'Realm.Allocate', 'Realm.AllocateUser',
  'SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Console', 'Sys.Incoming', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog',
  'User.Modify', 'VM.Allocate', 'VM.Audit', 'VM.Backup', 'VM.Clone', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Cloudinit',
  'VM.Config.Disk', 'VM.Config.HWType', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console',
  'VM.Migrate', 'VM.PowerMgmt', 'VM.Snapshot', 'VM.Snapshot.Rollback',
];

interface Ticket {
  user: string;
  csrf: string;
  issued: number;
  epoch: number;
}

export class SimAuth {
  /** How each ticket was obtained, in order. */
  readonly logins: ('password' | 'renewal')[] = [];
  private readonly tickets = new Map<string, Ticket>();
  /** Bumped to make every ticket issued so far invalid at once. */
  private ticketEpoch = 0;

  constructor(
    readonly tokens: SimToken[],
    readonly users: SimUser[],
  ) {}

  /** The user or token id a request speaks for; throws PVE's 401 when it has none or a bad one. */
  authenticate(req: IncomingMessage): string {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^PVEAPIToken=([^=\s]+)[=:](\S+)$/.exec(auth);
      const tok = m ? this.tokens.find((t) => t.id === m[1]) : undefined;
      if (!m || !tok || tok.secret !== m[2]) throw new SimHttpError(401, 'authentication failure');
      return tok.id;
    }
    const cookie = /PVEAuthCookie=([^;]+)/.exec(req.headers.cookie ?? '');
    if (!cookie) throw new SimHttpError(401, 'No ticket');
    const ticket = decodeURIComponent(cookie[1]);
    const t = this.validTicket(ticket);
    if (!t) throw new SimHttpError(401, 'invalid PVE ticket');
    if (req.method !== 'GET' && req.headers.csrfpreventiontoken !== t.csrf) throw new SimHttpError(401, 'Permission denied - invalid csrf token');
    return t.user;
  }

  /** POST /access/ticket: a password, or a still valid ticket as the password (renewal). */
  login(username: string, password: string): SimTicketGrant {
    const u = this.users.find((x) => x.username === username);
    const renewing = this.validTicket(password);
    if (!u || (u.password !== password && !(renewing && renewing.user === username))) throw new SimHttpError(401, 'authentication failure');
    this.logins.push(u.password === password ? 'password' : 'renewal');
    const issued = now();
    const hex = issued.toString(16).toUpperCase();
    const ticket = `PVE:${username}:${hex}::${randomBytes(96).toString('base64')}`;
    const csrf = `${hex}:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    this.tickets.set(ticket, { user: username, csrf, issued, epoch: this.ticketEpoch });
    return { username, ticket, CSRFPreventionToken: csrf, cap: {} };
  }

  /** Every ticket issued so far stops working (as after they expire). */
  expireTickets(): void {
    this.ticketEpoch++;
  }

  /** Whether a user or token holds a privilege (list reads filter by it, like PVE). */
  can(user: string, priv: string): boolean {
    const p = this.privileges(user);
    return p === 'all' || p.includes(priv);
  }

  checkPerm(user: string, priv: string, path: string): void {
    const p = this.privileges(user);
    if (p !== 'all' && !p.includes(priv)) throw new SimHttpError(403, `Permission check failed (${path}, ${priv})`);
  }

  /** GET /access/permissions: what the caller holds on `path` (privileges granted on `/` propagate everywhere), each with its propagate flag. */
  permissions(user: string, path = '/'): Record<string, Record<string, number>> {
    const p = this.privileges(user);
    return { [path]: Object.fromEntries((p === 'all' ? ALL_PRIVILEGES : p).map((x) => [x, 1])) };
  }

  private validTicket(ticket: string): Ticket | null {
    const t = this.tickets.get(ticket);
    if (!t || t.epoch !== this.ticketEpoch || now() - t.issued >= TICKET_LIFETIME_S) return null;
    return t;
  }

  private privileges(user: string): 'all' | string[] {
    return this.tokens.find((t) => t.id === user)?.privileges ?? this.users.find((u) => u.username === user)?.privileges ?? [];
  }
}
