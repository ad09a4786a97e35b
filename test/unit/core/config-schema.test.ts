import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../../shared/config';
import { configIssues } from '../../../electron/core/config/check';
import { parseConfig } from '../../../electron/core/config/load';

/** Every issue of a candidate config as `path: message`, the way Settings and `labtray doctor` show them. */
const issues = (c: unknown): string[] => configIssues(c).map((i) => `${i.path}: ${i.said.summary}`);
const KEY = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
const FP_LOWER = 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89';
const pve = (over: Record<string, unknown> = {}) => ({ name: 'home', endpoints: ['https://192.168.1.10:8006'], tokenId: 'root@pam!labtray', tokenSecret: 'secret:pve-home', ...over });
const host = (over: Record<string, unknown>) => ({ hosts: [{ name: 'nas', ...over }] });
const power = (over: Record<string, unknown> = {}) => ({ power: { url: 'https://192.168.1.30:8123', token: 'secret:ha', sensors: [{ entity: 'sensor.gtr5_power', name: 'gtr5' }], ...over } });
const SECRET_MSG = 'must be a secret reference like "secret:pve-home", never the secret itself';
const NAME_MSG = 'use letters, digits, "-", "_" or "."';

describe('config schema: defaults', () => {
  it('fills in nothing: optional fields left out stay out, and a fingerprint comes back upper case with colons', () => {
    assert.deepEqual(configSchema.parse({ hosts: [{ name: 'nas' }], ui: {}, backup: {} }), { hosts: [{ name: 'nas' }], ui: {}, backup: {} });
    const fp = FP_LOWER.replace(/:/g, '');
    assert.equal(configSchema.parse({ proxmox: [pve({ fingerprint: fp, fingerprints: [FP_LOWER] })] }).proxmox?.[0].fingerprint, FP_LOWER.toUpperCase());
    assert.deepEqual(configSchema.parse({ proxmox: [pve({ fingerprints: [FP_LOWER] })] }).proxmox?.[0].fingerprints, [FP_LOWER.toUpperCase()]);
  });
});

describe('config schema: bad input is named by its path and what is wrong', () => {
  it('a secret is only ever a reference', () => {
    for (const ok of ['secret:pve-home', 'secret:a', 'secret:A9_.-x']) assert.deepEqual(issues({ proxmox: [pve({ tokenSecret: ok })] }), [], ok);
    for (const bad of ['secret:', 'secret:-x', 'secret:a b', 'xsecret:a', 'secret:a;reboot', 'pve-home']) {
      assert.deepEqual(issues({ proxmox: [pve({ tokenSecret: bad })] }), [`proxmox[0].tokenSecret: ${SECRET_MSG}`], bad);
    }
    assert.deepEqual(issues(host({ secureOn: 'hunter2' })), [`hosts[0].secureOn: ${SECRET_MSG}`]);
    assert.deepEqual(issues(power({ token: 'eyJhbGciOi' })), [`power.token: ${SECRET_MSG}`]);
  });

  it('names are letters, digits, "-", "_" or "."; an empty one says so too', () => {
    assert.deepEqual(issues(host({ name: 'nas-1_b.lan' })), []);
    assert.deepEqual(issues(host({ name: 'my nas' })), [`hosts[0].name: ${NAME_MSG}`]);
    assert.deepEqual(issues(host({ name: 'nas!' })), [`hosts[0].name: ${NAME_MSG}`]);
    assert.deepEqual(issues(host({ name: '' })), ['hosts[0].name: Too small: expected string to have >=1 characters', `hosts[0].name: ${NAME_MSG}`]);
    assert.deepEqual(issues({ proxmox: [pve({ name: 'home lab' })] }), [`proxmox[0].name: ${NAME_MSG}`]);
  });

  it('a Proxmox VE cluster: https endpoints, at least one, no credential in them, and a token or a password', () => {
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['HTTPS://PVE.LAN:8006'] })] }), []);
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['http://192.168.1.10:8006'] })] }), ['proxmox[0].endpoints[0]: must be an https:// URL (Proxmox VE always speaks TLS, port 8006)']);
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['not a url'] })] }), ['proxmox[0].endpoints[0]: Invalid URL', 'proxmox[0].endpoints[0]: must be an https:// URL (Proxmox VE always speaks TLS, port 8006)']);
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: [] })] }), ['proxmox[0].endpoints: Too small: expected array to have >=1 items']);
    const userinfo = 'has a user name or password in it: take it out of the URL and give the API token as tokenId and tokenSecret: "secret:NAME"';
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['https://root@192.168.1.10:8006'] })] }), [`proxmox[0].endpoints[0]: ${userinfo}`]);
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['https://:hunter2@192.168.1.10:8006'] })] }), [`proxmox[0].endpoints[0]: ${userinfo}`]);
    assert.deepEqual(issues({ proxmox: [pve({ endpoints: ['http://192.168.1.10:8006/?next=https://pve.lan'] })] }), ['proxmox[0].endpoints[0]: must be an https:// URL (Proxmox VE always speaks TLS, port 8006)']);
    for (const bad of ['root@pam', 'root pam!x', 'root@pam!', '@pam!x', 'root@!x', ' root@pam!x', 'root@pam!tok en']) {
      assert.deepEqual(issues({ proxmox: [pve({ tokenId: bad })] }), ['proxmox[0].tokenId: must look like "user@realm!tokenname"'], bad);
    }
    const creds = 'proxmox[0]: needs tokenId + tokenSecret, or username + password';
    assert.deepEqual(issues({ proxmox: [pve({ tokenSecret: undefined })] }), [creds]);
    assert.deepEqual(issues({ proxmox: [pve({ tokenId: undefined, tokenSecret: undefined, username: 'root@pam' })] }), [creds]);
    assert.deepEqual(issues({ proxmox: [pve({ tokenId: undefined, tokenSecret: undefined, username: 'root@pam', password: 'secret:pw' })] }), []);
    assert.deepEqual(issues({ proxmox: [pve({ tokenId: undefined, tokenSecret: undefined, username: 'root', password: 'secret:pw' })] }), ['proxmox[0].username: must look like "root@pam"']);
    for (const bad of ['root @pam', ' root@pam', 'root@pam x']) {
      assert.deepEqual(issues({ proxmox: [pve({ tokenId: undefined, tokenSecret: undefined, username: bad, password: 'secret:pw' })] }), ['proxmox[0].username: must look like "root@pam"'], bad);
    }
  });

  it('pins: a SHA-256 certificate fingerprint and an OpenSSH host key fingerprint', () => {
    const fpMsg = 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)';
    assert.deepEqual(issues({ proxmox: [pve({ fingerprint: FP_LOWER.slice(3) })] }), [`proxmox[0].fingerprint: ${fpMsg}`]);
    assert.deepEqual(issues({ proxmox: [pve({ fingerprints: [FP_LOWER, 'zz'] })] }), [`proxmox[0].fingerprints[1]: ${fpMsg}`]);
    const keyMsg = 'must be an OpenSSH fingerprint like "SHA256:abc..." (ssh-keygen -lf)';
    assert.deepEqual(issues(host({ ssh: { host: 'nas', hostKey: KEY } })), []);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', hostKey: `${KEY}=` } })), []);
    for (const bad of [KEY.slice(0, -1), `${KEY}A`, KEY.toLowerCase(), `x${KEY}`, `${KEY}==`, KEY.replace('u', '-')]) {
      assert.deepEqual(issues(host({ ssh: { host: 'nas', hostKey: bad } })), [`hosts[0].ssh.hostKey: ${keyMsg}`], bad);
    }
  });

  it('a host: its MAC, its SSH port from 1 to 65535, an agent that is not blank, whole positive intervals', () => {
    assert.deepEqual(issues(host({ mac: 'aa:bb:cc:dd:ee' })), ['hosts[0].mac: must be a MAC address like "aa:bb:cc:dd:ee:ff"']);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', port: 1 }, interval: 1 })), []);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', port: 65535, agent: 'pageant' } })), []);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', port: 0 } })), ['hosts[0].ssh.port: Too small: expected number to be >=1']);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', port: 65536 } })), ['hosts[0].ssh.port: Too big: expected number to be <=65535']);
    assert.deepEqual(issues(host({ ssh: { host: 'nas', agent: '   ' } })), ['hosts[0].ssh.agent: give the agent socket path, "pageant", true or false']);
    assert.equal(configSchema.parse(host({ ssh: { host: 'nas', agent: ' /run/agent.sock ' } })).hosts?.[0].ssh?.agent, '/run/agent.sock');
    assert.deepEqual(issues(host({ interval: 0 })), ['hosts[0].interval: Too small: expected number to be >0']);
    assert.deepEqual(issues(host({ wakeTimeout: 1.5 })), ['hosts[0].wakeTimeout: Invalid input: expected int, received number']);
  });

  it('web links: a name of 1 to 60 characters and an http(s) URL without a credential', () => {
    const links = (l: unknown[]) => host({ links: l });
    assert.deepEqual(issues(links([{ name: 'x'.repeat(60), url: 'HTTP://192.168.1.30:8123' }, { name: 'LuCI', url: 'https://192.168.1.1' }])), []);
    assert.deepEqual(issues(links([{ name: 'x'.repeat(61), url: 'http://a' }])), ['hosts[0].links[0].name: Too big: expected string to have <=60 characters']);
    assert.deepEqual(issues(links([{ name: 'ftp', url: 'ftp://192.168.1.20' }])), ['hosts[0].links[0].url: must be an http:// or https:// URL']);
    assert.deepEqual(issues(links([{ name: 'ftp', url: 'ftp://192.168.1.20/http://x' }])), ['hosts[0].links[0].url: must be an http:// or https:// URL']);
    assert.deepEqual(issues(links([{ name: 'ha', url: 'http://admin:pw@192.168.1.30:8123' }])), ['hosts[0].links[0].url: has a user name or password in it: take them out of the URL']);
    assert.deepEqual(issues(links(Array.from({ length: 21 }, (_, i) => ({ name: `l${i}`, url: 'http://a' })))), ['hosts[0].links: Too big: expected array to have <=20 items']);
  });

  it('metrics: an http(s) URL without a credential, and no credential over plain http unless the file says so', () => {
    const m = (over: Record<string, unknown>) => ({ metrics: { url: 'http://192.168.1.12:8428', ...over } });
    assert.deepEqual(issues(m({})), []);
    assert.deepEqual(issues(m({ url: 'ws://192.168.1.12:8428' })), ['metrics.url: must be an http:// or https:// URL']);
    assert.deepEqual(issues(m({ url: 'ws://192.168.1.12:8428/?via=http://x' })), ['metrics.url: must be an http:// or https:// URL']);
    assert.deepEqual(issues(m({ url: 'https://192.168.1.12:8428/?from=http://x', bearerToken: 'secret:vm' })), [], 'an https URL that mentions http:// is not plain http');
    assert.deepEqual(issues(m({ url: 'https://grafana@192.168.1.12:8428' })), ['metrics.url: has a user name or password in it: take it out of the URL and give them as username and password: "secret:NAME"']);
    const plain = (field: string, url = 'http://192.168.1.12:8428') =>
      `metrics.${field}: would be sent unencrypted to ${url}: use an https:// URL, or add "plainHttp: true" to the metrics section if this network is trusted`;
    assert.deepEqual(issues(m({ bearerToken: 'secret:vm' })), [plain('bearerToken')]);
    assert.deepEqual(issues(m({ username: 'grafana', password: 'secret:vm' })), [plain('password')]);
    assert.deepEqual(issues(m({ bearerToken: 'secret:vm', password: 'secret:vm2', plainHttp: false })), [plain('bearerToken')]);
    assert.deepEqual(issues(m({ url: 'HTTP://VM.LAN:8428', bearerToken: 'secret:vm' })), [plain('bearerToken', 'HTTP://VM.LAN:8428')]);
    assert.deepEqual(issues(m({ bearerToken: 'secret:vm', plainHttp: true })), []);
    assert.deepEqual(issues(m({ url: 'https://192.168.1.12:8428', bearerToken: 'secret:vm' })), []);
  });

  it('power: an https URL without a credential, sensor entities, one machine each, price, currency and interval at their limits', () => {
    assert.deepEqual(issues(power({ price: 0, currency: 'EUR', interval: 60_000 })), []);
    assert.deepEqual(issues(power({ price: 1000 })), []);
    assert.deepEqual(issues(power({ url: 'http://192.168.1.30:8123' })), ['power.url: must be an https:// URL (the long-lived token is sent with every request)']);
    assert.deepEqual(issues(power({ url: 'http://192.168.1.30:8123/?https://x' })), ['power.url: must be an https:// URL (the long-lived token is sent with every request)']);
    assert.deepEqual(issues(power({ url: 'https://ha:pw@192.168.1.30:8123' })), ['power.url: has a user name or password in it: take it out of the URL and give the long-lived token as token: "secret:NAME"']);
    assert.deepEqual(issues(power({ price: -0.01 })), ['power.price: Too small: expected number to be >=0']);
    assert.deepEqual(issues(power({ price: 1000.01 })), ['power.price: Too big: expected number to be <=1000']);
    const currency = 'must be an ISO 4217 code like "CNY" or "EUR"';
    for (const bad of ['cny', 'EURO', 'EU', 'E1R']) assert.deepEqual(issues(power({ currency: bad })), [`power.currency: ${currency}`], bad);
    assert.deepEqual(issues(power({ interval: 59_999 })), ['power.interval: must be at least 60000 (one minute): watts change slowly']);
    const entity = 'must be a Home Assistant sensor entity id like "sensor.gtr5_power"';
    for (const bad of ['switch.gtr5', 'sensor.GTR5', 'sensor.', 'sensor.a-b', 'xsensor.a', 'sensor.a b']) {
      assert.deepEqual(issues(power({ sensors: [{ entity: bad, name: 'gtr5' }] })), [`power.sensors[0].entity: ${entity}`], bad);
    }
    const one = 'power.sensors[0]: give exactly one of node, host or name';
    assert.deepEqual(issues(power({ sensors: [{ entity: 'sensor.a' }] })), [one]);
    assert.deepEqual(issues(power({ sensors: [{ entity: 'sensor.a', name: 'a', host: 'b' }] })), [one]);
    assert.deepEqual(issues(power({ sensors: [{ entity: 'sensor.a', name: 'a', cluster: 'home' }] })), ['power.sensors[0].cluster: cluster goes with node']);
    const sensors = Array.from({ length: 65 }, (_, i) => ({ entity: `sensor.s${i}`, name: `s${i}` }));
    assert.deepEqual(issues(power({ sensors })), ['power.sensors: Too big: expected array to have <=64 items']);
    assert.deepEqual(issues(power({ sensors: sensors.slice(0, 64) })), []);
  });

  it('home probes: a host and a port from 1 to 65535 with optional pins; ui.protected names are not empty', () => {
    const probe = (over: Record<string, unknown>) => ({ home: { probes: [{ host: '192.168.1.1', port: 22, ...over }] } });
    assert.deepEqual(issues(probe({ port: 1, hostKey: KEY })), []);
    assert.deepEqual(issues(probe({ port: 65535, fingerprint: FP_LOWER })), []);
    assert.deepEqual(issues(probe({ port: 0 })), ['home.probes[0].port: Too small: expected number to be >=1']);
    assert.deepEqual(issues(probe({ port: 65536 })), ['home.probes[0].port: Too big: expected number to be <=65535']);
    assert.deepEqual(issues(probe({ hostKey: 'SHA256:short' })), ['home.probes[0].hostKey: must be an OpenSSH fingerprint like "SHA256:abc..." (ssh-keygen -lf)']);
    assert.deepEqual(issues(probe({ port: 22.5 })), ['home.probes[0].port: Invalid input: expected int, received number']);
    assert.deepEqual(issues(probe({ pin: 'x' })), ['home.probes[0].pin: Unrecognized key: "pin"']);
    assert.deepEqual(issues({ home: { probe: [] } }), ['home.probe: Unrecognized key: "probe"']);
    assert.deepEqual(issues({ ui: { protected: ['router-vm', '101', 'home/101'] } }), []);
    assert.deepEqual(issues({ ui: { protected: ['router-vm', ''] } }), ['ui.protected[1]: Too small: expected string to have >=1 characters']);
  });

  it('backup: each mode and compression PVE knows, positive ages', () => {
    for (const mode of ['snapshot', 'suspend', 'stop']) assert.deepEqual(issues({ backup: { mode, sets: [{ name: 'n', mode }] } }), [], mode);
    for (const compress of ['zstd', 'lzo', 'gzip', '0']) assert.deepEqual(issues({ backup: { compress } }), [], compress);
    assert.deepEqual(issues({ backup: { mode: 'bogus', compress: 'bogus', warnAfterHours: 0, critAfterHours: -1 } }), [
      'backup.mode: Invalid option: expected one of "snapshot"|"suspend"|"stop"',
      'backup.compress: Invalid option: expected one of "0"|"zstd"|"lzo"|"gzip"',
      'backup.warnAfterHours: Too small: expected number to be >0',
      'backup.critAfterHours: Too small: expected number to be >0',
    ]);
    assert.deepEqual(issues({ backup: { sets: [{ name: 'n', mode: 'bogus', vmids: [101.5] }] } }), [
      'backup.sets[0].vmids[0]: Invalid input: expected int, received number',
      'backup.sets[0].mode: Invalid option: expected one of "snapshot"|"suspend"|"stop"',
    ]);
  });

  it('ui: language, theme, favourite tag, guest links, quiet hours and the update channel', () => {
    assert.deepEqual(issues({ ui: { language: 'zh-CN', theme: 'dark', favouriteTag: '', updates: { check: false, channel: 'beta' } } }), []);
    assert.deepEqual(issues({ ui: { language: 'system', theme: 'light', favouriteTag: 'LabTray.1+x-y_z', updates: { channel: 'stable' } } }), []);
    assert.deepEqual(issues({ ui: { theme: 'system', favouriteTag: '_x' } }), []);
    assert.deepEqual(issues({ ui: { language: 'fr', theme: 'blue', updates: { channel: 'nightly' } } }), [
      'ui.language: Invalid option: expected one of "system"|"en"|"zh-CN"',
      'ui.theme: Invalid option: expected one of "system"|"light"|"dark"',
      'ui.updates.channel: Invalid option: expected one of "stable"|"beta"',
    ]);
    const tag = 'must be a Proxmox VE tag (letters, digits, "_", "-", "+", ".")';
    for (const bad of ['-x', 'a b', '.x', 'lab;tray', 'x\n']) assert.deepEqual(issues({ ui: { favouriteTag: bad } }), [`ui.favouriteTag: ${tag}`], JSON.stringify(bad));
    const link = [{ name: 'Home Assistant', url: 'http://192.168.1.30:8123' }];
    assert.deepEqual(issues({ proxmox: [pve()], ui: { links: { 'home/111': link, 'home-2.b_c/7': link } } }), []);
    for (const bad of ['home', 'home/11a', 'home/', 'a b/1', 'x/home/111']) assert.deepEqual(issues({ ui: { links: { [bad]: link } } }), [`ui.links.${bad}: must be cluster/vmid`], bad);
    assert.throws(() => parseConfig('ui:\n  links:\n    home: []\n', 'c.yaml'), { message: 'c.yaml:3: ui.links.home: must be cluster/vmid' });
    assert.deepEqual(issues({ ui: { links: 'home/111' } }), ['ui.links: Invalid input: expected record, received string']);
    const time = 'must be a time of day like "20:00"';
    assert.deepEqual(issues({ ui: { quietHours: { from: '00:00', to: '23:59' } } }), []);
    assert.deepEqual(issues({ ui: { quietHours: { from: '19:59', to: '09:05' } } }), []);
    for (const bad of ['24:00', '19:60', '9:00', '020:00', '20:000', '2a:00']) {
      assert.deepEqual(issues({ ui: { quietHours: { from: bad, to: '01:00' } } }), [`ui.quietHours.from: ${time}`], bad);
    }
  });
});
