import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CliFailure, explainError, explainFailure, explainWith } from '../../../electron/cli/explain';
import { privilegeRules, privilegesFor } from '../../../electron/cli/pve-privileges';
import { formatStatus } from '../../../electron/cli/status-text';
import { createStyle } from '../../../electron/cli/style';
import { LabError } from '../../../shared/api';
import { emptySnapshot } from '../../../shared/snapshot';
import type { Check } from '../../../shared/status';
import { PveHttpError } from '../../../electron/core/proxmox/errors';

interface ApiNode {
  path: string;
  info?: Record<string, { permissions?: { check?: unknown[]; description?: string } }>;
  children?: ApiNode[];
}

describe('raw texts beyond task failures', () => {
  const target = '101 (win2022) on um560';
  const why = (action: string, message: string): string => explainFailure({ action, target, message }).sentence;

  it('a 403 that names no privilege gets the one the API docs require for that call', () => {
    const raw = new PveHttpError(403, 'Permission check failed', 'POST', '/nodes/um560/qemu/101/status/shutdown').message;
    assert.equal(raw, 'POST /nodes/um560/qemu/101/status/shutdown: permission denied (HTTP 403): Permission check failed');
    assert.equal(why('shutdown', raw), 'Could not shut down 101 (win2022) on um560: the token or user may not do this: the Proxmox VE API requires VM.PowerMgmt on /vms/101; grant it under Datacenter → Permissions');
    const vz = new PveHttpError(403, 'Permission check failed (user != root@pam)', 'POST', '/nodes/um560/vzdump').message;
    assert.match(why('vzdump', vz), /requires VM\.Backup on \/vms\/101, Datastore\.AllocateSpace on \/storage\/<storage>/);
    // A call the table does not know still says it was a permission problem, not an HTTP code.
    assert.match(why('start', 'POST /nodes/um560/qemu/101/migrate: permission denied (HTTP 403): nope'), /may not do this \(permission denied\)/);
    // Taking a snapshot (the guest panel) needs VM.Snapshot, for a container too.
    assert.match(why('snapshot', 'POST /nodes/um560/lxc/114/snapshot: permission denied (HTTP 403): Permission check failed'), /requires VM\.Snapshot on \/vms\/114/);
  });

  it('Kubernetes Status objects as the kube client words them', () => {
    assert.match(why('read', 'the API server rejected the credentials (401 Unauthorized): the token has expired or was revoked'), /Kubernetes API server refused the credentials/);
    const forbidden = 'list pods: forbidden (403): pods is forbidden: User "system:serviceaccount:monitoring:labtray" cannot list resource "pods" in API group "" at the cluster scope';
    assert.match(why('read', forbidden), /the Kubernetes user system:serviceaccount:monitoring:labtray may not list pods; give it a role that can/);
    assert.match(why('read', "TLS: the certificate of https://10.0.0.5:6443 does not verify against the kubeconfig's CA (DEPTH_ZERO_SELF_SIGNED_CERT)"), /does not verify against the kubeconfig's CA/);
    assert.match(why('read', 'the API server https://127.0.0.1:6443 refused the connection (is the cluster running?)'), /refused the connection \(is the service running\?\)$/);
    assert.match(why('read', 'the connection to https://127.0.0.1:6443 was cut (ECONNRESET)'), /the connection was cut before an answer came/);
  });

  it('tailscaled LocalAPI errors', () => {
    assert.match(why('ping', 'tailscaled is not running or listens elsewhere: nothing at /run/tailscale/tailscaled.sock (ENOENT); start Tailscale or set tailscale.socket'), /tailscaled is not running \(nothing answers at its socket\)/);
    assert.match(why('ping', 'cannot ping um560: Tailscale is NeedsLogin'), /Tailscale is NeedsLogin, not running: log in/);
    assert.match(why('ping', 'tailscaled (/run/tailscale/tailscaled.sock) refused access: Access denied: watch IPN bus access denied'), /make yourself the operator/);
    assert.match(why('ping', 'HTTP 500: context deadline exceeded'), /did not answer in time$/);
  });

  it('404 and a node the cluster does not know', () => {
    assert.match(why('start', 'GET /nodes/um560/qemu/101/status/current: HTTP 404: Not Found'), /does not know it \(HTTP 404\)/);
    assert.match(why('start', "POST /nodes/gone/qemu/101/status/start: HTTP 500: hostname lookup 'gone' failed - failed to get address info for: gone"), /there is no node gone in the cluster/);
  });

  it('explainWith keeps the raw text as detail only when it found a reason', () => {
    const found = explainWith('home: https://127.0.0.1:9: connection refused (ECONNREFUSED)', (w) => ({ key: 'lab.cannotRead', params: { source: 'home', error: w } }));
    assert.equal(found.sentence, 'home: cannot read: the server refused the connection (is the service running?)');
    assert.equal(found.detail, 'home: https://127.0.0.1:9: connection refused (ECONNREFUSED)');
    const plain = explainWith('something LabTray said', (w) => ({ key: 'lab.cannotRead', params: { source: 'home', error: w } }));
    assert.deepEqual(plain, { sentence: 'home: cannot read: something LabTray said', detail: null });
  });

  it('explainError: what a command got from the Lab becomes a CliFailure; fixable ones exit 2', () => {
    const e = explainError(new LabError('tailscaled-unreachable', 'tailscaled is not running or listens elsewhere: nothing at /x.sock (ENOENT)'), 'ping', 'um560');
    assert.ok(e instanceof CliFailure);
    assert.equal(e.exitCode, 1);
    assert.match(e.explained.sentence, /^Could not ping um560: tailscaled is not running/);
    const bad = explainError(new LabError('invalid-input', 'no host named "nas2"'), 'wake', 'nas2');
    assert.ok(bad instanceof CliFailure && bad.exitCode === 2);
    const usage = Object.assign(new Error('x'), { name: 'UsageError' });
    assert.equal(explainError(usage, 'ping', 'a'), usage);
  });
});

describe('the privilege table agrees with the PVE API documentation', () => {
  const schema = JSON.parse(readFileSync(new URL('../../fixtures/pve/pve-apidoc.json', import.meta.url), 'utf8')) as ApiNode[];
  const byPath = new Map<string, ApiNode>();
  const walk = (n: ApiNode): void => {
    byPath.set(n.path, n);
    for (const c of n.children ?? []) walk(c);
  };
  schema.forEach(walk);

  for (const r of privilegeRules) {
    it(`${r.method} ${r.path}`, () => {
      const perms = byPath.get(r.path)?.info?.[r.method]?.permissions;
      assert.ok(perms, `the docs have no ${r.method} ${r.path}`);
      const text = JSON.stringify(perms);
      // Each privilege and its ACL path as the docs name them (a "check" list, or the words of a description).
      for (const n of r.needs) {
        assert.ok(text.includes(n.privilege), `${r.path}: the docs do not ask for ${n.privilege}: ${text}`);
        if (perms.check) assert.ok(text.includes(`"${n.on}"`), `${r.path}: the docs check ${n.privilege} elsewhere than ${n.on}: ${text}`);
      }
    });
  }

  it('fills the ACL path from the call', () => {
    assert.deepEqual(privilegesFor('POST', '/nodes/gtr5/lxc/123/status/stop'), ['VM.PowerMgmt on /vms/123']);
    assert.deepEqual(privilegesFor('GET', '/nodes/um560/storage/nas-backup/content'), ['Datastore.Audit on /storage/nas-backup']);
    assert.equal(privilegesFor('GET', '/nodes/um560/qemu/101/config'), null);
  });
});

describe('status: a source that could not be read', () => {
  const check = (key: 'lab.cannotRead' | 'lab.stale', error: string): Check => ({
    id: 'kubernetes:k3s-main:source',
    source: 'kubernetes:k3s-main',
    target: 'kubernetes:k3s-main',
    status: key === 'lab.cannotRead' ? 'crit' : 'warn',
    summary: `k3s-main: cannot read: ${error}`,
    msg: { key, params: { source: 'k3s-main', error } },
    observedAt: '2026-12-04T05:00:00.000Z',
    error,
  });

  it('says why in words, with the client’s text dimmed on the line under it', () => {
    const raw = 'the API server rejected the credentials (401 Unauthorized): the token has expired or was revoked';
    const text = formatStatus({ ...emptySnapshot(), status: 'crit', checks: [check('lab.cannotRead', raw)] });
    const lines = text.split('\n');
    const at = lines.indexOf('  CRIT k3s-main: cannot read: the Kubernetes API server refused the credentials (expired token or client certificate?); refresh this context in the kubeconfig');
    assert.ok(at > 0, text);
    assert.equal(lines[at + 1], `       ${raw}`);
    const painted = formatStatus({ ...emptySnapshot(), status: 'warn', checks: [check('lab.stale', raw)] }, false, createStyle(true));
    assert.ok(painted.includes(`\x1b[2m       ${raw}\x1b[22m`), 'the raw text is dimmed');
    assert.match(painted, /k3s-main: data is stale: the Kubernetes API server refused the credentials/);
  });

  it('leaves a text no rule knows as it was, with nothing repeated under it', () => {
    const text = formatStatus({ ...emptySnapshot(), status: 'crit', checks: [check('lab.cannotRead', 'something LabTray said')] });
    assert.match(text, /^ {2}CRIT k3s-main: cannot read: something LabTray said$/m);
    assert.doesNotMatch(text, /^ {7}something LabTray said$/m);
  });
});
