/** PVE answered with an HTTP error; `reason` is PVE's own text (it puts it in the status line). */
export class PveHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly method: string,
    readonly path: string,
    /** Parameter errors of a 400 (`{ vmid: "..." }`). */
    readonly paramErrors: Record<string, string> | null = null,
  ) {
    super(`${method} ${path}: ${explainPveError(status, reason, paramErrors)}`);
    this.name = 'PveHttpError';
  }
}

/** PVE answered, but not with the JSON it always sends. */
export class PveProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PveProtocolError';
  }
}

/** A missing privilege from PVE's `Permission check failed (/vms/101, VM.PowerMgmt)`. */
export interface MissingPrivilege {
  path: string;
  privilege: string | null;
}

/** Parses PVE's permission text; null when the text names no path. */
export function parsePermissionError(reason: string): MissingPrivilege | null {
  const m = /Permission check failed \(([^,)]+)(?:,\s*([^)]+))?\)/i.exec(reason);
  if (!m) return null;
  const path = m[1].trim();
  if (!path.startsWith('/')) return null;
  return { path, privilege: m[2] ? m[2].trim() : null };
}

/** One line a person can act on, for any PVE HTTP error. */
export function explainPveError(status: number, reason: string, paramErrors: Record<string, string> | null = null): string {
  const text = reason.trim() || `HTTP ${status}`;
  if (status === 403) {
    const p = parsePermissionError(text);
    if (p) {
      if (!p.privilege) return `permission denied on ${p.path}: ${text}`;
      // PVE joins alternatives with "|" when any one of them would do.
      const [first, ...others] = p.privilege.split('|').map((x) => x.trim());
      const grant = others.length ? `one of ${[first, ...others].join(', ')}` : first;
      const lacks = others.length ? `${first} (or ${others.join(' or ')})` : first;
      return `permission denied: the user or token lacks ${lacks} on ${p.path} (grant a role with ${grant} on ${p.path}; for a token with privilege separation, give it to the token too)`;
    }
    return `permission denied (HTTP 403): ${text}`;
  }
  if (status === 401) return `authentication failed (HTTP 401): ${text} — check the token id and secret, or the user name and password`;
  if (status === 400 && paramErrors && Object.keys(paramErrors).length) {
    return `rejected (HTTP 400): ${Object.entries(paramErrors)
      .map(([k, v]) => `${k}: ${v.trim()}`)
      .join('; ')}`;
  }
  if (status === 595 || status === 596) return `the node cannot be reached from the cluster (HTTP ${status}): ${text}`;
  return `HTTP ${status}: ${text}`;
}
