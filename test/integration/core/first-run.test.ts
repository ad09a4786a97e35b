import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemorySecretStore } from '../../../electron/core/secrets';
import { openLab, type LabSource } from '../../../electron/core/open-lab';
import { summaryLine } from '../../../shared/tray';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('first run: the demo stands in for a missing config, and says the lab is not set up', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'labtray-first-run-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The first snapshot of a Lab opened from `source` with the config at `configPath`. */
  async function firstSnapshot(source: LabSource, configPath: string) {
    const opened = await openLab({ source, configPath, secrets: new MemorySecretStore({}), log, demoStatePath: join(dir, `${source}-state.json`) });
    try {
      return { demo: opened.demo, snapshot: opened.lab.snapshot };
    } finally {
      await opened.close();
    }
  }

  it('no config file: the demo runs, marked not set up, and the tray says so', async () => {
    const { demo, snapshot } = await firstSnapshot('config-or-demo', join(dir, 'missing.yaml'));
    assert.equal(demo, true);
    assert.equal(snapshot.notSetUp, true);
    assert.match(summaryLine(snapshot), /^Not set up yet \(demo lab: /);
  });

  it('the demo asked for is only the demo', async () => {
    const { demo, snapshot } = await firstSnapshot('demo', join(dir, 'missing.yaml'));
    assert.equal(demo, true);
    assert.equal(snapshot.notSetUp, undefined);
    assert.match(summaryLine(snapshot), /^Demo lab: /);
  });

  it('a config file, even an empty lab, is set up', async () => {
    const path = join(dir, 'config.yaml');
    writeFileSync(path, 'proxmox: []\n');
    const { demo, snapshot } = await firstSnapshot('config-or-demo', path);
    assert.equal(demo, false);
    assert.equal(snapshot.notSetUp, undefined);
  });
});
