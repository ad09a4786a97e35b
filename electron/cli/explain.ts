import { english, part, type Msg, type MsgParam } from '../../shared/message';
import { privilegesFor } from './pve-privileges';

/** A failure as the user reads it: what failed and why, with the raw text kept as detail. */
export interface Explained {
  sentence: string;
  /** The server's or the client's own words; null when the sentence already says everything. */
  detail: string | null;
}

/** What failed: the task's action and target, plus its log (a start's real reason is often only there). */
export interface Failure {
  action: string;
  target: string;
  message: string;
  log?: readonly string[];
}

type Rule = { test: RegExp; why: (m: RegExpExecArray, f: Failure) => Msg };

const nodeOf = (f: Failure): string => /\/nodes\/([^/\s]+)\//.exec(f.message)?.[1] ?? / on (\S+)$/.exec(f.target)?.[1] ?? '?';

/** A 403 whose text names no privilege: what the PVE API docs require for the call that was refused. */
function apiNeeds(m: RegExpExecArray, f: Failure): Msg {
  const vmid = /^(\d+)\b/.exec(f.target)?.[1];
  const needs = privilegesFor(m[1], m[2], vmid ? { vmid } : {});
  return needs ? part('cli.why.permissionNeeds', { needs }) : part('cli.why.permissionDenied');
}

/** Raw texts of Proxmox VE, Kubernetes, tailscaled, their tools and LabTray's clients, each with the reason in plain words. First match wins. */
const rules: Rule[] = [
  { test: /Cannot allocate memory|cannot allocate memory/, why: (_m, f) => part('cli.why.noMemory', { node: nodeOf(f) }) },
  { test: /HTTP 59[56]\b|No route to host/, why: (_m, f) => part('cli.why.nodeDown', { node: nodeOf(f) }) },
  { test: /lacks (\S+) on (\S+)|Permission check failed \(([^,)]+),\s*([^)]+)\)/, why: (m) => part('cli.why.permission', { privilege: m[1] ?? m[4], path: m[2] ?? m[3] }) },
  { test: /^(GET|POST|PUT|DELETE) (\/\S+): permission denied/, why: apiNeeds },
  { test: /rejected the credentials \(401 Unauthorized\)|cannot get credentials for/, why: () => part('cli.why.kubeAuth') },
  { test: /forbidden \(403\): .*User "([^"]*)" cannot (\w+) resource "([^"]+)"/, why: (m) => part('cli.why.kubeForbidden', { user: m[1], verb: m[2], resource: m[3] }) },
  { test: /does not verify against the kubeconfig's CA/, why: () => part('cli.why.kubeCert') },
  { test: /tailscaled is not running|Tailscale is not installed here/, why: () => part('cli.why.tsDaemonDown') },
  { test: /Tailscale is (NoState|NeedsLogin|NeedsMachineAuth|Stopped|Starting)\b/, why: (m) => part('cli.why.tsNotRunning', { state: m[1] }) },
  { test: /tailscaled \([^)]*\) refused access|no permission to open \S+ \(E/, why: () => part('cli.why.tsDenied') },
  { test: /HTTP 401|authentication fail/i, why: () => part('cli.why.auth') },
  { test: /fingerprint mismatch/i, why: () => part('cli.why.certChanged') },
  { test: /was issued for another name \(([^)]*)\), not ([^\s:]+)/, why: (m) => part('cli.why.certNameFor', { names: m[1], host: m[2] }) },
  { test: /ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames|was issued for another name/, why: () => part('cli.why.certName') },
  { test: /unable to verify|self[- ]signed certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to get local issuer/i, why: () => part('cli.why.certUntrusted') },
  { test: /\b(?:VM|CT) \d+ not running\b/, why: () => part('cli.why.notRunning') },
  { test: /\b(?:VM|CT) \d+ not paused\b/, why: () => part('cli.why.notPaused') },
  { test: /\balready running\b/, why: () => part('cli.why.alreadyRunning') },
  { test: /is locked \(([\w-]+)\)/, why: (m) => part('cli.why.locked', { lock: m[1] }) },
  { test: /\bis a template\b/, why: () => part('cli.why.template') },
  { test: /Configuration file '[^']+' does not exist|unable to find VM/, why: () => part('cli.why.moved') },
  { test: /hostname lookup '([^']+)' failed/, why: (m) => part('cli.why.noNode', { node: m[1] }) },
  { test: /No space left on device/, why: () => part('cli.why.diskFull') },
  { test: /storage '([^']+)' is not online/, why: (m) => part('cli.why.storageOffline', { storage: m[1] }) },
  { test: /storage '([^']+)' does not exist/, why: (m) => part('cli.why.storageMissing', { storage: m[1] }) },
  { test: /quit\/powerdown failed - got timeout|container did not stop in time/, why: () => part('cli.why.shutdownTimeout') },
  { test: /connection refused|refused the connection|ECONNREFUSED/i, why: () => part('cli.why.refused') },
  { test: /no answer within|did not answer within|timed out|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|context deadline exceeded/i, why: () => part('cli.why.noAnswer') },
  { test: /host name not found|ENOTFOUND|EAI_AGAIN/, why: () => part('cli.why.dns') },
  { test: /ECONNRESET|socket hang up|other side closed|was cut\b/, why: () => part('cli.why.cut') },
  { test: /HTTP 404\b|not found \(404\)/, why: () => part('cli.why.notFound') },
  { test: /HTTP (\d{3}): (.+)$/, why: (m) => part('cli.why.refusedBy', { status: m[1], reason: m[2].trim() }) },
];

const verbs: Record<string, string> = { vzdump: 'cli.verb.backup', wake: 'cli.verb.wake', ping: 'cli.verb.ping', start: 'cli.verb.start', shutdown: 'cli.verb.shutdown', stop: 'cli.verb.stop', reboot: 'cli.verb.reboot', suspend: 'cli.verb.suspend', resume: 'cli.verb.resume' };

function verb(action: string): MsgParam {
  const key = verbs[action];
  return key ? { key } : action;
}

/** The reason in plain words for the first raw text a rule knows (the message first, then the log), or null. */
export function findReason(f: Failure): Msg | null {
  const texts = [f.message, ...(f.log ?? [])];
  for (const r of rules) {
    for (const t of texts) {
      const m = r.test.exec(t);
      if (m) return r.why(m, f);
    }
  }
  return null;
}

/**
 * Turns a raw failure (`POST /nodes/um560/qemu/101/status/resume: HTTP 500: VM 101 not paused`)
 * into a sentence from the catalogue ("Could not resume 101 (win2022) on um560: it is not paused …"),
 * keeping the raw text as detail. Text LabTray already wrote as a sentence passes through as the reason.
 */
export function explainFailure(f: Failure): Explained {
  const why = findReason(f);
  if (why) return { sentence: english(part('cli.failed', { action: verb(f.action), target: f.target, why })), detail: rawDetail(f) };
  const plain = f.message.trim() || english(part('cli.why.unknown'));
  return { sentence: english(part('cli.failed', { action: verb(f.action), target: f.target, why: plain })), detail: null };
}

/** A failure a command could not turn into a task (the guests could not be read, a ping could not be sent). */
export class CliFailure extends Error {
  constructor(
    readonly explained: Explained,
    /** 2 when the user can fix it in the command line or the config, else 1. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(explained.sentence);
    this.name = 'CliFailure';
  }
}

/** A sentence for `msg` with the reason a rule finds in `raw` (`raw` itself when none does), the raw text kept as detail. */
export function explainWith(raw: string, compose: (why: MsgParam) => Msg, target = ''): Explained {
  const why = findReason({ action: '', target, message: raw });
  return why ? { sentence: english(compose(why)), detail: raw } : { sentence: english(compose(raw)), detail: null };
}

/** The raw text worth keeping under the sentence: the message, and a log line that gave the reason. */
function rawDetail(f: Failure): string {
  const logLine = (f.log ?? []).find((l) => /ERROR|error|Cannot|cannot|failed/.test(l) && !f.message.includes(l));
  return logLine ? `${f.message}\n${logLine}` : f.message;
}

/**
 * An error a command got while asking the Lab to act, as a sentence about that
 * act (`Could not ping um560: tailscaled is not running …`). Usage errors and
 * failures already explained pass through.
 */
export function explainError(err: unknown, action: string, target: string): unknown {
  if (!(err instanceof Error) || err instanceof CliFailure || err.name === 'UsageError') return err;
  const code = String((err as Error & { code?: unknown }).code ?? '');
  const fixable = code.startsWith('config') || code === 'invalid-input' || code === 'secret-missing';
  return new CliFailure(explainFailure({ action, target, message: err.message }), fixable ? 2 : 1);
}
