import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import { loadConfig, parseConfig } from '../../../electron/core/config/load';
import { defaultConfigPath } from '../../../electron/core/config/paths';
import { saveConfig } from '../../../electron/core/config/save';
import { EnvSecretStore, requireSecret, secretEnvName } from '../../../electron/core/secrets';

const example = `proxmox:
  - name: home
    endpoints: [https://192.168.1.10:8006, https://pve.tailnet.ts.net:8006]
    tokenId: root@pam!labtray
    tokenSecret: secret:pve-home
    fingerprint: "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"
tailscale:
  cli: /usr/bin/tailscale
kubernetes:
  kubeconfig: ~/.kube/config
  contexts: [k3s-main, k3s-data-1]
hosts:
  - name: orangepi5
    ssh: { host: 192.168.1.50, port: 22, user: ryan, identityFile: ~/.ssh/id_ed25519, hostKey: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s" }
    mac: "aa:bb:cc:dd:ee:ff"
`;

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'labtray-config-'));
}

describe('config', () => {
  it('accepts the documented example and normalises the fingerprint', () => {
    const c = parseConfig(example);
    assert.equal(c.proxmox?.[0].name, 'home');
    assert.equal(c.proxmox?.[0].fingerprint, 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89');
    assert.deepEqual(c.kubernetes?.contexts, ['k3s-main', 'k3s-data-1']);
  });

  it('accepts a config with only tailscale', () => {
    assert.deepEqual(parseConfig('tailscale: {}\n'), { tailscale: {} });
    assert.deepEqual(parseConfig(''), {});
  });

  it('names the YAML path and line of a wrong type', () => {
    const bad = example.replace('port: 22', 'port: "twenty-two"');
    assert.throws(() => parseConfig(bad, 'c.yaml'), (e: unknown) => e instanceof LabError && /c\.yaml:14: hosts\[0\]\.ssh\.port: /.test(e.message));
  });

  it('names an unknown key and its line', () => {
    const bad = example.replace('  cli: /usr/bin/tailscale', '  cli: /usr/bin/tailscale\n  clii: oops');
    assert.throws(() => parseConfig(bad, 'c.yaml'), /c\.yaml:9: tailscale\.clii: /);
  });

  it('refuses a secret written in plain text', () => {
    const bad = example.replace('secret:pve-home', 'e2a3f6d0-1111-2222-3333-444455556666');
    assert.throws(() => parseConfig(bad), /proxmox\[0\]\.tokenSecret: must be a secret reference/);
  });

  it('refuses a user name or password written into a URL, naming the field and where the credential belongs', () => {
    const pve = 'proxmox:\n  - name: home\n    endpoints: ["https://root%40pam:hunter2@192.168.1.10:8006"]\n    tokenId: "root@pam!labtray"\n    tokenSecret: "secret:pve-home"\n';
    assert.throws(() => parseConfig(pve, 'c.yaml'), /c\.yaml:3: proxmox\[0\]\.endpoints\[0\]: has a user name or password in it: take it out of the URL and give the API token as tokenId and tokenSecret/);
    const vm = 'metrics:\n  url: "https://grafana:s3cret@192.168.1.12:8428"\n';
    assert.throws(() => parseConfig(vm, 'c.yaml'), /c\.yaml:2: metrics\.url: has a user name or password in it/);
    assert.throws(() => parseConfig('metrics:\n  url: "http://admin@192.168.1.12:8428"\n'), /metrics\.url: has a user name or password/);
    // The same URLs without the credential are fine.
    assert.doesNotThrow(() => parseConfig('metrics:\n  url: "https://192.168.1.12:8428"\n  username: grafana\n  password: "secret:vm"\n'));
  });

  it('reports invalid YAML with its line', () => {
    assert.throws(() => parseConfig('proxmox:\n  - name: home\n   endpoints: [', 'c.yaml'), /c\.yaml:3:\d+: invalid YAML/);
  });

  it('saves atomically, keeps the previous file as .bak and reloads the same config', async () => {
    const dir = await tmp();
    const path = join(dir, 'config.yaml');
    await writeFile(path, example);
    const { config } = await loadConfig(path);
    const next = { ...config, tailscale: { cli: '/opt/tailscale' } };
    await saveConfig(path, next);
    assert.equal(await readFile(`${path}.bak`, 'utf8'), example);
    assert.deepEqual((await loadConfig(path)).config, next);
    assert.deepEqual((await readdir(dir)).sort(), ['config.yaml', 'config.yaml.bak']);
    await rm(dir, { recursive: true });
  });

  it('never overwrites a file on disk that does not parse', async () => {
    const dir = await tmp();
    const path = join(dir, 'config.yaml');
    const handEdited = 'proxmox:\n  - name: [unclosed\n';
    await writeFile(path, handEdited);
    await assert.rejects(saveConfig(path, {}), /does not parse/);
    assert.equal(await readFile(path, 'utf8'), handEdited);
    await rm(dir, { recursive: true });
  });

  it('leaves the old file whole when the new one cannot take its place, and leaves no temp file', async () => {
    const dir = await tmp();
    const path = join(dir, 'config.yaml');
    await writeFile(path, example);
    // The rename that would put the new file in place fails (a read-only folder, a full disk): injected, so it fails for root too.
    const refusing = { ...nodeFs, rename: (async () => Promise.reject(Object.assign(new Error('EROFS: read-only file system, rename'), { code: 'EROFS' }))) as typeof nodeFs.rename };
    await assert.rejects(saveConfig(path, {}, refusing), /not saved.*EROFS/);
    assert.equal(await readFile(path, 'utf8'), example);
    assert.deepEqual((await readdir(dir)).filter((f) => !f.startsWith('config.yaml.bak')), ['config.yaml'], 'no temp file is left');
    await rm(dir, { recursive: true });
  });

  it('refuses to save an invalid config', async () => {
    const dir = await tmp();
    await assert.rejects(saveConfig(join(dir, 'c.yaml'), { hosts: [{ name: 'bad name!' }] }), /not saved: hosts\[0\]\.name/);
    await rm(dir, { recursive: true });
  });

  it('finds the config per platform', () => {
    assert.equal(defaultConfigPath({}, 'linux', '/home/ryan'), '/home/ryan/.config/labtray/config.yaml');
    assert.equal(defaultConfigPath({ LABTRAY_CONFIG: '/tmp/x.yaml' }, 'linux', '/home/ryan'), '/tmp/x.yaml');
    assert.match(defaultConfigPath({ APPDATA: 'C:\\Users\\ryan\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ryan'), /LabTray.config\.yaml$/);
  });

  it('resolves secrets from LABTRAY_SECRET_ variables in the CLI', async () => {
    assert.equal(secretEnvName('pve-home'), 'LABTRAY_SECRET_PVE_HOME');
    const store = new EnvSecretStore({ LABTRAY_SECRET_PVE_HOME: 's3cr3t' });
    assert.equal(await requireSecret(store, 'secret:pve-home', 'proxmox home'), 's3cr3t');
    await assert.rejects(requireSecret(store, 'secret:kube', 'kubernetes'), /kubernetes: secret "kube" is not set \(CLI: set LABTRAY_SECRET_KUBE/);
  });
});
