/**
 * The REST verbs on resource paths, as kube-apiserver answers them: GET of
 * one object, list (limit and continue, field selectors, server-side Tables
 * for kubectl), PATCH of a node or a Deployment, DELETE of a pod, and the
 * Status object every refusal carries. Watches are in watch.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { SimCluster } from './cluster';
import type { DeploymentObject, NodeObject, PodObject } from './objects';
import type { KObject, Resource } from './store';
import { defaultTable, nodeTable, podTable } from './table';

/** A resource path taken apart: `/api/v1/namespaces/monitoring/pods/x`. */
export interface ResourcePath {
  resource: Resource;
  group: '' | 'apps' | 'metrics.k8s.io';
  namespace?: string;
  name?: string;
}

/** One request to a resource path, with what the handlers below need to answer it. */
export interface ResourceCall {
  cluster: SimCluster;
  path: ResourcePath;
  req: IncomingMessage;
  url: URL;
  body: string;
  /** The fake's clock (Tables print ages). */
  now: () => number;
  send(status: number, body: unknown): void;
}

export const KINDS: Record<Resource, string> = { nodes: 'Node', pods: 'Pod', events: 'Event', deployments: 'Deployment', namespaces: 'Namespace' };

/** The Status object kube-apiserver answers a failure with. */
export function statusBody(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** `/api/v1/namespaces/monitoring/pods/x` → { resource: 'pods', namespace: 'monitoring', name: 'x' }. */
export function parseResourcePath(path: string): ResourcePath | null {
  const m = /^\/(?:api\/v1|apis\/(apps)\/v1|apis\/(metrics\.k8s\.io)\/v1beta1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) {
    const ns = /^\/api\/v1\/namespaces(?:\/([^/]+))?$/.exec(path);
    return ns ? { resource: 'namespaces', group: '', ...(ns[1] ? { name: ns[1] } : {}) } : null;
  }
  const group = (m[1] ?? m[2] ?? '') as ResourcePath['group'];
  const resource = m[4] as Resource;
  if (!(resource in KINDS)) return null;
  if (group === 'apps' && resource !== 'deployments') return null;
  if (group === '' && resource === 'deployments') return null;
  return { resource, group, ...(m[3] ? { namespace: decodeURIComponent(m[3]) } : {}), ...(m[5] ? { name: decodeURIComponent(m[5]) } : {}) };
}

/** `type=Warning,involvedObject.kind=Pod`: equality selectors on dotted paths. */
export function filterFields<T extends KObject>(items: T[], selector: string | null): T[] {
  if (!selector) return items;
  const terms = selector.split(',').map((t) => {
    const neg = t.includes('!=');
    const [path, value] = t.split(neg ? '!=' : /==?/);
    return { path: path.split('.'), value, neg };
  });
  return items.filter((o) =>
    terms.every(({ path, value, neg }) => {
      let cur: unknown = o;
      for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
      return (String(cur ?? '') === value) !== neg;
    }),
  );
}

/** GET of one named object. */
export function getObject({ cluster, path: r, send }: ResourceCall): void {
  const key = r.namespace ? `${r.namespace}/${r.name ?? ''}` : (r.name ?? '');
  const obj = cluster.store.get(r.resource, key);
  if (!obj) send(404, statusBody(404, 'NotFound', `${r.resource} "${r.name}" not found`, { name: r.name, kind: r.resource }));
  else send(200, obj);
}

const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** A continue token as kube-apiserver writes one: the list's resourceVersion and where the next page starts. */
function readContinue(raw: string | null): { rv: number; start: number } | null | 'invalid' {
  if (!raw) return null;
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString()) as { v?: unknown; rv?: unknown; start?: unknown };
    if (t.v !== 'meta.k8s.io/v1' || !Number.isInteger(t.rv) || !Number.isInteger(t.start)) return 'invalid';
    return { rv: t.rv as number, start: t.start as number };
  } catch {
    return 'invalid';
  }
}

/** GET of a collection: a page of it (`limit`, `continue`), as a List or, when kubectl asks for one, a Table. */
export function listObjects({ cluster, path: r, req, url, now, send }: ResourceCall): void {
  let items = cluster.store.list(r.resource, r.namespace);
  items = filterFields(items, url.searchParams.get('fieldSelector'));
  const rv = cluster.store.resourceVersion;
  const limit = Number(url.searchParams.get('limit') ?? '0');
  const token = readContinue(url.searchParams.get('continue'));
  if (token === 'invalid') {
    send(400, statusBody(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
    return;
  }
  // A token whose list version has been compacted away cannot continue a consistent list.
  if (token && cluster.store.since(r.resource, token.rv) === 'expired') {
    send(410, statusBody(410, 'Expired', CONTINUE_EXPIRED));
    return;
  }
  const start = token?.start ?? 0;
  const nextToken = (): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token?.rv ?? Number(rv), start: start + limit })).toString('base64url');
  const page = limit > 0 ? items.slice(start, start + limit) : items;
  const more = limit > 0 && start + limit < items.length;
  if (/as=Table/.test(req.headers.accept ?? '')) {
    const include = url.searchParams.get('includeObject') ?? 'Metadata';
    const table =
      r.resource === 'nodes' ? nodeTable(page as NodeObject[], now(), include) : r.resource === 'pods' ? podTable(page as PodObject[], now(), include) : defaultTable(page, now(), include);
    send(200, { ...table, metadata: { resourceVersion: rv, ...(more ? { continue: nextToken() } : {}) } });
    return;
  }
  send(200, {
    kind: `${KINDS[r.resource]}List`,
    apiVersion: r.group ? `${r.group}/v1` : 'v1',
    metadata: { resourceVersion: rv, ...(more ? { continue: nextToken() } : {}) },
    // Real list items carry no kind/apiVersion of their own.
    items: page.map((o) => {
      const { kind: _k, apiVersion: _a, ...rest } = o;
      return rest;
    }),
  });
}

/** PATCH of a named object: a merge patch of a node (cordon) or a Deployment (rollout restart); nothing else is patchable here. */
export function patchObject({ cluster, path: r, req, body, send }: ResourceCall): void {
  const name = r.name ?? '';
  const type = req.headers['content-type'] ?? '';
  if (!/application\/(strategic-merge-patch|merge-patch)\+json/.test(type)) {
    send(415, statusBody(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`));
    return;
  }
  let patch: unknown;
  try {
    patch = JSON.parse(body);
  } catch (err) {
    send(400, statusBody(400, 'BadRequest', `error decoding patch: ${err instanceof Error ? err.message : String(err)}`));
    return;
  }
  const updated: KObject | undefined =
    r.resource === 'nodes' ? cluster.patchNode(name, patch) : r.resource === 'deployments' && r.namespace ? cluster.patchDeployment(r.namespace, name, patch) : undefined;
  if (!updated) send(404, statusBody(404, 'NotFound', `${r.resource}${r.group ? '.' + r.group : ''} "${name}" not found`, { name, kind: r.resource }));
  else send(200, updated as NodeObject | DeploymentObject);
}

/** DELETE of a named pod (its controller replaces it). */
export function deletePod({ cluster, path: r, send }: ResourceCall): void {
  const name = r.name ?? '';
  const gone = r.namespace ? cluster.deletePod(r.namespace, name) : undefined;
  if (!gone) send(404, statusBody(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' }));
  else send(200, gone);
}
