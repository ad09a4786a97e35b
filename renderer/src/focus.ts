import { viewIds, type ViewId } from './store';

/** Where `#focus=<target>` leads: the view to show and, when it names an item, that item. */
export interface FocusRequest {
  view: ViewId;
  /** `guest:home/100`, `node:home/gtr5`, … or null for a whole view. */
  target: string | null;
  /** The element id to scroll to and highlight outside the (virtualised) guest list. */
  anchor: string | null;
}

/**
 * Reads the window's hash as URL parameters (the preview adds `token=` beside
 * `focus=`), and maps the focus target the Electron main sends to a view.
 */
export function parseFocus(hash: string): FocusRequest | null {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get('focus');
  if (!raw) return null;
  const target = raw.trim();
  if ((viewIds as string[]).includes(target)) return { view: target as ViewId, target: null, anchor: null };
  const colon = target.indexOf(':');
  if (colon <= 0) return null;
  const kind = target.slice(0, colon);
  const rest = target.slice(colon + 1);
  if (!rest) return null;
  switch (kind) {
    case 'guest':
      return /^[^/]+\/\d+$/.test(rest) ? { view: 'guests', target, anchor: null } : null;
    case 'node': {
      // `cluster/node`; the tile lives in its cluster's section.
      const node = rest.split('/').pop() ?? rest;
      return { view: 'overview', target, anchor: `node-${node}` };
    }
    case 'host':
      return { view: 'overview', target, anchor: `host-${rest}` };
    case 'peer':
      return { view: 'network', target, anchor: null };
    case 'backup':
      return { view: 'backups', target, anchor: null };
    case 'task':
      return { view: 'tasks', target, anchor: null };
    case 'kubernetes':
    case 'kube':
      return { view: 'kubernetes', target, anchor: `kube-${rest.split('/')[0]}` };
    default:
      return null;
  }
}

/** The element an anchor names, preferring the one inside the target's cluster section (node names repeat across clusters). */
export function findAnchor(doc: Pick<Document, 'getElementById' | 'querySelector'>, req: FocusRequest): HTMLElement | null {
  if (!req.anchor) return null;
  if (req.target?.startsWith('node:') && req.target.includes('/')) {
    const cluster = req.target.slice('node:'.length).split('/')[0];
    const inCluster = doc.querySelector<HTMLElement>(`[id="cluster-${attr(cluster)}"] [id="${attr(req.anchor)}"]`);
    if (inCluster) return inCluster;
  }
  return doc.getElementById(req.anchor);
}

const attr = (s: string): string => s.replace(/["\\]/g, '\\$&');
