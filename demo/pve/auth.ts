/**
 * PVE's two ways in, as pveproxy checks them: an API token in the
 * Authorization header, or a ticket cookie (plus the CSRF token on writes)
 * from POST /access/ticket; and the privileges each user or token holds on each
 * ACL path, resolved the way PVE does.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { now, SimHttpError, type PermCheck, type SimAcl, type SimTicketGrant, type SimToken, type SimUser } from './model';

const TICKET_LIFETIME_S = 2 * 3600;

/** The privileges PVE knows (what root holds everywhere). */
const ALL_PRIVILEGES = [
  'Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit',
  'Permissions.Modify', 'Pool.Allocate', 'Pool.Audit', 'Realm.Allocate', 'Realm.AllocateUser',
  'SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Console', 'Sys.Incoming', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.Syslog',
  'User.Modify', 'VM.Allocate', 'VM.Audit', 'VM.Backup', 'VM.Clone', 'VM.Config.CDROM', 'VM.Config.CPU', 'VM.Config.Cloudinit',
  'VM.Config.Disk', 'VM.Config.HWType', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options', 'VM.Console',
  'VM.GuestAgent.Audit', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite', 'VM.GuestAgent.Unrestricted',
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

  /** Whether a user or token holds a privilege on `path` (list reads filter by it, like PVE). */
  can(user: string, priv: string, path: string): boolean {
    return this.privilegesOn(user, path).has(priv);
  }

  /** Throws PVE's 403 when the user or token lacks `priv` on `path`. */
  checkPerm(user: string, priv: string, path: string): void {
    if (!this.can(user, priv, path)) throw new SimHttpError(403, `Permission check failed (${path}, ${priv})`);
  }

  /**
   * Evaluates a check from the API schema against the request's parameters, as
   * PVE's check_api2_permissions does; throws its 403 when the check fails.
   */
  checkApi(user: string, check: PermCheck, params: Readonly<Record<string, string>>): void {
    if (!this.passes(user, check, params)) throw new SimHttpError(403, this.denial(user, check, params));
  }

  /**
   * GET /access/permissions: what the caller holds on `path`, or with no path on
   * `/` and every path an ACL entry names; each privilege with its propagate flag.
   */
  permissions(user: string, path?: string): Record<string, Record<string, number>> {
    const paths = path !== undefined ? [path] : ['/', ...this.entries(user).map((e) => e.path)];
    const out: Record<string, Record<string, number>> = {};
    for (const p of new Set(paths.map(normalPath))) {
      const held = this.resolve(user, p);
      out[p] = Object.fromEntries([...held].map(([priv, propagate]) => [priv, propagate ? 1 : 0]));
    }
    return out;
  }

  /** The privileges `user` holds on `path`. */
  privilegesOn(user: string, path: string): Set<string> {
    return new Set(this.resolve(user, normalPath(path)).keys());
  }

  /**
   * PVE's walk from `/` down to `path`: at each level the entries that apply
   * there (all on the path itself, the propagating ones above it) replace what
   * was inherited. Privilege → whether it propagates.
   */
  private resolve(user: string, path: string): Map<string, boolean> {
    const entries = this.entries(user);
    const segments = path.split('/').filter(Boolean);
    let held = new Map<string, boolean>();
    for (let depth = 0; depth <= segments.length; depth++) {
      const level = `/${segments.slice(0, depth).join('/')}`;
      const final = depth === segments.length;
      const here = entries.filter((e) => normalPath(e.path) === level && (final || e.propagate !== false));
      if (here.length === 0) continue;
      held = new Map();
      for (const e of here) for (const priv of e.privileges === 'all' ? ALL_PRIVILEGES : e.privileges) held.set(priv, held.get(priv) === true || e.propagate !== false);
    }
    return held;
  }

  private entries(user: string): SimAcl[] {
    const who = this.tokens.find((t) => t.id === user) ?? this.users.find((u) => u.username === user);
    if (!who) return [];
    return [{ path: '/', privileges: who.privileges, propagate: true }, ...(who.acl ?? [])];
  }

  private passes(user: string, check: PermCheck, params: Readonly<Record<string, string>>): boolean {
    const [kind, ...rest] = check;
    if (kind === 'or') return rest.some((c) => this.passes(user, c as PermCheck, params));
    if (kind === 'and') return rest.every((c) => this.passes(user, c as PermCheck, params));
    if (kind !== 'perm') throw new Error(`permission check '${String(kind)}' is not simulated`);
    const { path, privs, any } = permParts(check, params);
    const held = this.privilegesOn(user, path);
    return any ? privs.some((p) => held.has(p)) : privs.every((p) => held.has(p));
  }

  /** PVE's words for a failed check: the path and the privilege (or the alternatives) of a single check; no detail for `or`/`and`. */
  private denial(user: string, check: PermCheck, params: Readonly<Record<string, string>>): string {
    if (check[0] !== 'perm') return 'Permission check failed';
    const { path, privs, any } = permParts(check, params);
    if (any) return `Permission check failed (${path}, ${privs.join('|')})`;
    const held = this.privilegesOn(user, path);
    return `Permission check failed (${path}, ${privs.find((p) => !held.has(p)) ?? privs[0]})`;
  }

  private validTicket(ticket: string): Ticket | null {
    const t = this.tickets.get(ticket);
    if (!t || t.epoch !== this.ticketEpoch || now() - t.issued >= TICKET_LIFETIME_S) return null;
    return t;
  }
}

/** `/vms/101/` and `/vms//101` are `/vms/101`, as PVE normalises ACL paths. */
function normalPath(p: string): string {
  return `/${p.split('/').filter(Boolean).join('/')}`;
}

/** The parts of a `['perm', path, privs, ...options]` check, its `{param}`s filled in. */
function permParts(check: PermCheck, params: Readonly<Record<string, string>>): { path: string; privs: string[]; any: boolean } {
  const [, template, privs, ...options] = check as [string, string, string[], ...unknown[]];
  const opts = new Map<unknown, unknown>();
  for (let i = 0; i + 1 < options.length; i += 2) opts.set(options[i], options[i + 1]);
  return { path: normalPath(template.replace(/\{([\w-]+)\}/g, (_m, k: string) => params[k] ?? '')), privs, any: Boolean(opts.get('any')) };
}
