import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { importSshConfig } from '../../../electron/core/ssh/import-config';

describe('importing ~/.ssh/config runs no program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labtray-import-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('CanonicalizeHostName with CanonicalDomains does not run nslookup, and the hosts still import', () => {
    // An nslookup first on the PATH that leaves a mark when it runs (and "finds" every name).
    const mark = join(dir, 'nslookup-ran');
    const fake = join(dir, 'nslookup');
    writeFileSync(fake, `#!/bin/sh\necho "$@" >> '${mark}'\nexit 0\n`);
    chmodSync(fake, 0o755);
    const text = [
      'CanonicalizeHostName yes',
      'CanonicalDomains home.lan lab.internal',
      'Host um560 s500plus',
      '  CanonicalizeHostName yes',
      '  CanonicalDomains home.lan lab.internal',
      '  User root',
      'Host orangepi5',
      '  CanonicalizeHostName=yes',
      '  canonicaldomains=home.lan lab.internal',
      '  HostName 192.168.1.30',
      '  User orangepi',
      '',
    ].join('\n');
    const saved = process.env.PATH;
    process.env.PATH = `${dir}${delimiter}${saved ?? ''}`;
    try {
      const hosts = importSshConfig(text);
      assert.deepEqual(
        hosts.map((h) => [h.name, h.ssh?.host, h.ssh?.user]),
        [
          ['um560', 'um560', 'root'],
          ['s500plus', 's500plus', 'root'],
          ['orangepi5', '192.168.1.30', 'orangepi'],
        ],
      );
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(existsSync(mark), false, 'nslookup was not run');
  });
});
