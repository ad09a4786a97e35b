import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { msg } from '../../../shared/message';
import { ConfigRejected, configIssues, fieldPath, newIssues, unusedSecrets } from '../../../electron/core/config/check';
import { lockedChanges, type KubeContextFacts } from '../../../electron/core/config/locked';

const issues = (c: unknown): string[] => configIssues(c).map((i) => `${i.path}: ${i.said.summary}`);
const pve = (name: string) => ({ name, endpoints: ['https://192.168.1.10:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home' });

describe('config check: the path of each issue', () => {
  it('writes list indexes in brackets and keys after dots, and names the top level', () => {
    assert.equal(fieldPath(['proxmox', 1, 'name']), 'proxmox[1].name');
    assert.equal(fieldPath(['hosts', 0, 'ssh', 'port']), 'hosts[0].ssh.port');
    assert.equal(fieldPath([3, 'x']), '[3].x');
    assert.equal(fieldPath(['ui']), 'ui');
    assert.equal(fieldPath(['ui', 'links', 'home/111']), 'ui.links.home/111');
    assert.equal(fieldPath([]), '(top level)');
  });

  it('names an unknown key at its own path, and one at the top level', () => {
    assert.deepEqual(issues({ hosts: [{ name: 'nas', macc: 'aa:bb:cc:dd:ee:ff' }] }), ['hosts[0].macc: Unrecognized key: "macc"']);
    assert.deepEqual(issues({ hostz: [] }), ['hostz: Unrecognized key: "hostz"']);
    assert.deepEqual(issues([]), ['(top level): Invalid input: expected object, received array']);
  });
});

describe('config check: names that must be unique', () => {
  it('reports the later of two clusters, hosts, contexts or backup sets of one name, pointing at the first', () => {
    const c = {
      proxmox: [pve('home'), pve('office'), pve('home')],
      hosts: [{ name: 'nas' }, { name: 'nas' }],
      kubernetes: { contexts: ['k3s-main', 'k3s-main'] },
      backup: { sets: [{ name: 'nightly' }, { name: 'weekly' }, { name: 'nightly' }] },
    };
    assert.deepEqual(issues(c), [
      'proxmox[2].name: another Proxmox VE cluster is already named "home" (proxmox[0].name); names must be unique',
      'hosts[1].name: another host is already named "nas" (hosts[0].name); names must be unique',
      'kubernetes.contexts[1]: another Kubernetes context is already named "k3s-main" (kubernetes.contexts[0]); names must be unique',
      'backup.sets[2].name: another backup set is already named "nightly" (backup.sets[0].name); names must be unique',
    ]);
  });

  it('a third of one name points at the first, not the second', () => {
    assert.deepEqual(issues({ hosts: [{ name: 'nas' }, { name: 'nas' }, { name: 'nas' }] }), [
      'hosts[1].name: another host is already named "nas" (hosts[0].name); names must be unique',
      'hosts[2].name: another host is already named "nas" (hosts[0].name); names must be unique',
    ]);
  });

  it('a config with every section empty or missing has no issue', () => {
    assert.deepEqual(issues({}), []);
    assert.deepEqual(issues({ proxmox: [], hosts: [], kubernetes: {}, backup: {}, ui: {} }), []);
  });
});

describe('config check: references between sections', () => {
  it('a wake relay needs an ssh section', () => {
    assert.deepEqual(issues({ hosts: [{ name: 'openwrt', wakeRelay: true }] }), ['hosts[0].wakeRelay: host "openwrt" relays wake-ups over SSH, but has no ssh: section']);
    assert.deepEqual(issues({ hosts: [{ name: 'openwrt', wakeRelay: true, ssh: { host: '192.168.1.1' } }, { name: 'nas', wakeRelay: false }] }), []);
  });

  it('a jump host must be another host of hosts:', () => {
    const hosts = [
      { name: 'bastion', ssh: { host: '192.168.1.2' } },
      { name: 'nas', ssh: { host: '192.168.1.20', proxyJump: 'bastion' } },
      { name: 'loop', ssh: { host: '192.168.1.21', proxyJump: 'loop' } },
      { name: 'lost', ssh: { host: '192.168.1.22', proxyJump: 'gateway' } },
    ];
    assert.deepEqual(issues({ hosts }), [
      'hosts[2].ssh.proxyJump: host "loop" cannot jump through itself',
      'hosts[3].ssh.proxyJump: no host of hosts: is named "gateway"',
    ]);
  });

  it('a power sensor’s node and cluster with no proxmox section: only the missing section is said', () => {
    const sensors = [{ entity: 'sensor.gtr5_power', node: 'gtr5', cluster: 'home' }];
    assert.deepEqual(issues({ power: { url: 'https://192.168.1.30:8123', token: 'secret:ha', sensors } }), ['power.sensors[0].node: names the node "gtr5", but there is no proxmox: section']);
  });

  it('a favourite names a configured cluster by the part before the slash', () => {
    const c = { proxmox: [pve('home')], ui: { favourites: ['home/101', 'home', 'office/102'] } };
    assert.deepEqual(issues(c), ['ui.favourites[2]: favourite "office/102" names the cluster "office", which is not configured']);
    assert.deepEqual(issues({ ui: { favourites: ['home/101'] } }), ['ui.favourites[0]: favourite "home/101" names the cluster "home", which is not configured']);
  });
});

describe('config check: what a save brings in', () => {
  it('keeps the issues the current config already has out, and reports the new ones', () => {
    const current: LabConfig = { hosts: [{ name: 'nas' }], ui: { favourites: ['gone/101'] } };
    const candidate = { hosts: [{ name: 'nas' }, { name: 'nas' }], ui: { favourites: ['gone/101'] } };
    assert.deepEqual(
      newIssues(current, candidate).map((i) => `${i.path}: ${i.said.summary}`),
      ['hosts[1].name: another host is already named "nas" (hosts[0].name); names must be unique'],
    );
    assert.deepEqual(newIssues(current, current), []);
  });

  it('a secret typed in that nothing refers to is named', () => {
    const typed = { 'pve-home': 'a', 'old-token': 'b', vm: 'c' };
    assert.deepEqual(
      unusedSecrets({}, typed, ['pve-home', 'vm']).map((i) => `${i.path}: ${i.said.summary}`),
      ['secrets.old-token: a secret was typed in for "secret:old-token", but nothing in the config refers to it'],
    );
    assert.deepEqual(unusedSecrets({}, {}, []), []);
  });

  it('a refused config is an invalid-input LabError with one line per issue, each after the prefix', () => {
    const e = new ConfigRejected(
      [
        { path: 'hosts[1].name', said: msg('config.jumpSelf', { name: 'nas' }) },
        { path: 'ui.favourites[0]', said: msg('config.unknownHost', { name: 'x' }) },
      ],
      'config.yaml: ',
    );
    assert.ok(e instanceof LabError);
    assert.equal(e.name, 'LabError');
    assert.equal(e.code, 'invalid-input');
    assert.equal(e.message, 'config.yaml: hosts[1].name: host "nas" cannot jump through itself\nconfig.yaml: ui.favourites[0]: no host of hosts: is named "x"');
    assert.equal(new ConfigRejected([{ path: 'hosts', said: msg('config.unknownHost', { name: 'y' }) }]).message, 'hosts: no host of hosts: is named "y"');
    assert.equal(e.issues.length, 2);
  });
});

describe('config check: fields only the config file may change', () => {
  const facts: KubeContextFacts = { all: ['k3s-main', 'eks-prod'], exec: new Map([['eks-prod', 'aws']]) };
  const base: LabConfig = { tailscale: { cli: '/usr/bin/tailscale' }, kubernetes: { kubeconfig: '/home/me/.kube/config', contexts: ['k3s-main'] }, metrics: { url: 'http://192.168.1.12:8428' } };

  it('names each program, socket, kubeconfig or plain-http change, in order; the same values are no change', () => {
    assert.deepEqual(lockedChanges(base, structuredClone(base), facts), []);
    const next: LabConfig = {
      tailscale: { cli: '/tmp/evil', socket: '/tmp/ts.sock' },
      kubernetes: { kubeconfig: ['/home/me/.kube/config', '/tmp/other'], contexts: ['k3s-main'] },
      metrics: { url: 'http://192.168.1.12:8428', plainHttp: true },
    };
    assert.deepEqual(lockedChanges(base, next, facts), ['tailscale.cli', 'tailscale.socket', 'kubernetes.kubeconfig', 'metrics.plainHttp']);
    assert.deepEqual(lockedChanges(next, base, facts), ['tailscale.cli', 'tailscale.socket', 'kubernetes.kubeconfig', 'metrics.plainHttp']);
    assert.deepEqual(lockedChanges({}, { tailscale: { socket: '/run/tailscale.sock' } }, facts), ['tailscale.socket']);
    assert.deepEqual(lockedChanges({}, { metrics: { url: 'http://vm:8428', plainHttp: false } }, facts), ['metrics.plainHttp']);
    assert.deepEqual(lockedChanges({ tailscale: {} }, {}, facts), [], 'a section without the field is the same as no section');
  });

  it('an empty context list watches every context; dropping the kubernetes section adds none', () => {
    assert.deepEqual(lockedChanges(base, { ...base, kubernetes: { kubeconfig: '/home/me/.kube/config', contexts: [] } }, facts), ['kubernetes.contexts (context "eks-prod": its user logs in by running aws)']);
    assert.deepEqual(lockedChanges(base, { ...base, kubernetes: undefined }, null), ['kubernetes.kubeconfig']);
    assert.deepEqual(lockedChanges({ kubernetes: {} }, { kubernetes: { contexts: ['eks-prod'] } }, null), [], 'every context was watched already');
  });
});
