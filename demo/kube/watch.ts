/**
 * Watches as kube-apiserver streams them: newline-delimited JSON events over
 * one chunked response, starting with the current state (no version), the
 * changes since a resourceVersion, or a 410 Expired when that version is
 * older than the store's history; ending after timeoutSeconds, with a
 * BOOKMARK carrying the store's resourceVersion first when the client asked
 * for bookmarks (allowWatchBookmarks), so its next watch starts from there.
 */
import type { ServerResponse } from 'node:http';
import { filterFields, KINDS, statusBody, type ResourcePath } from './resources';
import type { Change, KObject, ObjectStore } from './store';

/**
 * Streams changes of `r` to `res` until the client leaves or the timeout ends
 * it; the response stays in `open` while it streams, so the fake can cut it.
 */
export function serveWatch(store: ObjectStore, r: ResourcePath, url: URL, res: ServerResponse, entry: { status: number }, open: Set<ServerResponse>): void {
  const rvParam = url.searchParams.get('resourceVersion');
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '1800');
  const selector = url.searchParams.get('fieldSelector');
  entry.status = 200;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  // kube-apiserver sends the head at once, before any event.
  res.flushHeaders();
  const match = (o: KObject): boolean => (!r.namespace || o.metadata.namespace === r.namespace) && filterFields([o], selector).length === 1;
  const write = (type: string, object: unknown): void => {
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const emit = (c: Change): void => {
    if (c.resource === r.resource && match(c.object)) write(c.type, c.object);
  };
  if (!rvParam || rvParam === '0') {
    // No version: the current state as ADDED events first (what `kubectl get -w` shows).
    for (const o of store.list(r.resource, r.namespace)) if (match(o)) write('ADDED', o);
  } else {
    const backlog = store.since(r.resource, Number(rvParam));
    if (backlog === 'expired') {
      // kube-apiserver answers 200 and then one ERROR event carrying a 410 Status.
      write('ERROR', statusBody(410, 'Expired', `too old resource version: ${rvParam} (${store.resourceVersion})`));
      res.end();
      return;
    }
    for (const c of backlog) emit(c);
  }
  open.add(res);
  const unsubscribe = store.subscribe(emit);
  const bookmarks = url.searchParams.get('allowWatchBookmarks') === 'true';
  const timer = setTimeout(() => {
    // A bookmark holds only the version: the changes up to it were sent, or did not concern this watch.
    if (bookmarks) write('BOOKMARK', { kind: KINDS[r.resource], apiVersion: 'v1', metadata: { resourceVersion: store.resourceVersion } });
    res.end();
  }, timeout * 1000);
  timer.unref();
  res.on('close', () => {
    clearTimeout(timer);
    unsubscribe();
    open.delete(res);
  });
}
