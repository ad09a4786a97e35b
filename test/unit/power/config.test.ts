import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configIssues } from '../../../electron/core/config/check';

const power = (sensors: unknown[], extra: Record<string, unknown> = {}) => ({ url: 'https://ha.lan:8123', token: 'secret:ha', sensors, ...extra });
const issues = (c: unknown) => configIssues(c).map((i) => `${i.path}: ${i.said.summary}`);

describe('the power section of the config', () => {
  it('takes a valid section with nodes, hosts and free names', () => {
    assert.deepEqual(issues({ proxmox: [{ name: 'home', endpoints: ['https://a:8006'], tokenId: 'r@pam!t', tokenSecret: 'secret:p' }], hosts: [{ name: 'orangepi5' }], power: power([{ entity: 'sensor.gtr5_power', node: 'gtr5' }, { entity: 'sensor.opi_power', host: 'orangepi5' }, { entity: 'sensor.router_power', name: 'router' }], { price: 1.5, currency: 'CNY' }) }), []);
  });

  it('refuses the token written in plain text, and an http:// URL', () => {
    assert.ok(issues({ power: power([{ entity: 'sensor.a_power', name: 'a' }], { token: 'eyJhbGciOi' }) }).some((i) => i.startsWith('power.token: must be a secret reference')));
    assert.ok(issues({ power: power([{ entity: 'sensor.a_power', name: 'a' }], { url: 'http://ha.lan:8123' }) }).some((i) => i.startsWith('power.url: must be an https://')));
  });

  it('refuses polling faster than a minute', () => {
    assert.ok(issues({ power: power([{ entity: 'sensor.a_power', name: 'a' }], { interval: 59_999 }) }).some((i) => i.startsWith('power.interval:')));
  });

  it('names the path of a reference to an unknown host, cluster or a node without proxmox', () => {
    assert.deepEqual(issues({ power: power([{ entity: 'sensor.nas_power', host: 'nas' }, { entity: 'sensor.gtr5_power', node: 'gtr5' }]) }), [
      'power.sensors[0].host: no host of hosts: is named "nas"',
      'power.sensors[1].node: names the node "gtr5", but there is no proxmox: section',
    ]);
    const withPve = { proxmox: [{ name: 'home', endpoints: ['https://a:8006'], tokenId: 'r@pam!t', tokenSecret: 'secret:p' }] };
    assert.deepEqual(issues({ ...withPve, power: power([{ entity: 'sensor.gtr5_power', node: 'gtr5', cluster: 'office' }]) }), ['power.sensors[0].cluster: no cluster of proxmox: is named "office"']);
  });

  it('refuses a sensor listed twice, and one that names two machines', () => {
    assert.deepEqual(issues({ power: power([{ entity: 'sensor.a_power', name: 'a' }, { entity: 'sensor.a_power', name: 'b' }]) }), ['power.sensors[1].entity: sensor.a_power is listed already at power.sensors[0].entity']);
    assert.ok(issues({ power: power([{ entity: 'sensor.a_power', name: 'a', host: 'b' }]) }).some((i) => i.startsWith('power.sensors[0]: give exactly one of node, host or name')));
  });
});
