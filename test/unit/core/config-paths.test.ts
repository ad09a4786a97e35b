import assert from 'node:assert/strict';
import { posix, win32 } from 'node:path';
import { describe, it } from 'node:test';
import { resolveConfigPaths, resolveFromConfig } from '../../../electron/core/config/paths';
import { parseConfig } from '../../../electron/core/config/load';

const WIN_CONFIG = 'C:\\Users\\owner\\AppData\\Roaming\\LabTray\\config.yaml';
const MAC_CONFIG = '/Users/owner/Library/Application Support/LabTray/config.yaml';

describe('file paths in the config resolve against the config file, not the working directory', () => {
  it('on Windows: relative → beside %APPDATA%\\LabTray\\config.yaml; drive, UNC and ~ paths as written', () => {
    assert.equal(resolveFromConfig('certs\\pve-ca.pem', WIN_CONFIG, win32), 'C:\\Users\\owner\\AppData\\Roaming\\LabTray\\certs\\pve-ca.pem');
    assert.equal(resolveFromConfig('ca.pem', WIN_CONFIG, win32), 'C:\\Users\\owner\\AppData\\Roaming\\LabTray\\ca.pem');
    assert.equal(resolveFromConfig('..\\kube\\config', WIN_CONFIG, win32), 'C:\\Users\\owner\\AppData\\Roaming\\kube\\config');
    assert.equal(resolveFromConfig('D:\\lab\\ca.pem', WIN_CONFIG, win32), 'D:\\lab\\ca.pem');
    assert.equal(resolveFromConfig('\\\\nas\\lab\\ca.pem', WIN_CONFIG, win32), '\\\\nas\\lab\\ca.pem');
    assert.equal(resolveFromConfig('~\\.kube\\config', WIN_CONFIG, win32), '~\\.kube\\config');
  });

  it('on macOS: relative → beside ~/Library/Application Support/LabTray/config.yaml (the Finder starts apps in /)', () => {
    assert.equal(resolveFromConfig('ca.pem', MAC_CONFIG, posix), '/Users/owner/Library/Application Support/LabTray/ca.pem');
    assert.equal(resolveFromConfig('./kube/home.yaml', MAC_CONFIG, posix), '/Users/owner/Library/Application Support/LabTray/kube/home.yaml');
    assert.equal(resolveFromConfig('/etc/ssl/lab-ca.pem', MAC_CONFIG, posix), '/etc/ssl/lab-ca.pem');
    assert.equal(resolveFromConfig('~/.kube/config', MAC_CONFIG, posix), '~/.kube/config');
  });

  it('resolves every Proxmox and metrics caFile (expanding ~) and each kubeconfig (keeping ~ for kubeconfig.ts)', () => {
    const out = resolveConfigPaths(
      {
        proxmox: [
          { name: 'home', endpoints: ['https://pve.lan:8006'], tokenId: 'a@pve!b', tokenSecret: 'secret:x', caFile: 'pve-ca.pem' },
          { name: 'lab', endpoints: ['https://lab.lan:8006'], tokenId: 'a@pve!b', tokenSecret: 'secret:y', caFile: '~/certs/lab.pem' },
          { name: 'pinned', endpoints: ['https://p.lan:8006'], tokenId: 'a@pve!b', tokenSecret: 'secret:z' },
        ],
        metrics: { url: 'https://vm.lan:8428', caFile: 'vm-ca.pem' },
        kubernetes: { kubeconfig: ['kube/home.yaml', '~/.kube/config', '/etc/rancher/k3s/k3s.yaml'] },
      },
      MAC_CONFIG,
      '/Users/owner',
      posix,
    );
    const dir = '/Users/owner/Library/Application Support/LabTray';
    assert.deepEqual(
      out.proxmox?.map((c) => c.caFile),
      [`${dir}/pve-ca.pem`, '/Users/owner/certs/lab.pem', undefined],
    );
    assert.equal(out.metrics?.caFile, `${dir}/vm-ca.pem`);
    assert.deepEqual(out.kubernetes?.kubeconfig, [`${dir}/kube/home.yaml`, '~/.kube/config', '/etc/rancher/k3s/k3s.yaml']);
    assert.equal(resolveConfigPaths({ kubernetes: { kubeconfig: 'k3s.yaml' } }, WIN_CONFIG, 'C:\\Users\\owner', win32).kubernetes?.kubeconfig, 'C:\\Users\\owner\\AppData\\Roaming\\LabTray\\k3s.yaml');
  });

  it('applies when a config file is parsed, whatever the working directory', () => {
    const c = parseConfig('kubernetes:\n  kubeconfig: k3s.yaml\nmetrics:\n  url: https://vm.lan:8428\n  caFile: ca.pem\n', '/srv/lab/config.yaml');
    assert.equal(c.kubernetes?.kubeconfig, '/srv/lab/k3s.yaml');
    assert.equal(c.metrics?.caFile, '/srv/lab/ca.pem');
  });
});
