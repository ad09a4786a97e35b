import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LabError } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import type { HostState } from '../../../shared/hosts';
import type { Snapshot } from '../../../shared/snapshot';
import { systemClock } from '../../../electron/core/clock';
import { loadConfig } from '../../../electron/core/config/load';
import { saveConfig, type ConfigFs } from '../../../electron/core/config/save';
import { watchLabConfig } from '../../../electron/core/config/watch';
import type { IntegrationFactory } from '../../../electron/core/lab/integration';
import { Lab } from '../../../electron/core/lab/lab';
import { MemorySecretStore } from '../../../electron/core/secrets';
import type { Source } from '../../../electron/core/lab/source';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function configDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'labtray-cfgfault-'));
  dirs.push(d);
  return d;
}

const goodYaml = `hosts:
  - name: orangepi5
    ssh: { host: 127.0.0.1, port: 2222, user: ryan }
`;

function up(name: string): HostState {
  return { name, address: '127.0.0.1', reachable: true, via: 'ssh', hostKey: null, uptimeSeconds: 1, load: [0, 0, 0], cores: 8, memUsed: 1, memTotal: 2, checks: [], wakeable: false };
}

/** One host source per configured host, like the SSH integration. */
const hostsFromConfig: IntegrationFactory = (ctx) => ({
  kind: 'ssh',
  sources: (ctx.config.hosts ?? []).map((h): Source<'host'> => ({
    id: `host:${h.name}`,
    kind: 'host',
    name: h.name,
    intervalMs: 60_000,
    timeoutMs: 5_000,
    placeholder: () => ({ ...up(h.name), reachable: false }),
    poll: async () => up(h.name),
    checks: () => [],
  })),
});

/** The first snapshot that satisfies `pred`; fails (never hangs) when none comes within `limitMs`. */
function nextSnapshot(lab: Lab, pred: (s: Snapshot) => boolean, limitMs = 15_000): Promise<Snapshot> {
  if (pred(lab.snapshot)) return Promise.resolve(lab.snapshot);
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      off();
      reject(new Error(`no snapshot as expected within ${limitMs} ms; the last one has hosts ${JSON.stringify(lab.snapshot.hosts.map((h) => [h.name, h.reachable]))} and checks ${JSON.stringify(lab.snapshot.checks.map((c) => c.id))}`));
    }, limitMs);
    const off = lab.on('snapshot', (s) => {
      if (pred(s)) {
        clearTimeout(guard);
        off();
        resolve(s);
      }
    });
  });
}

function hostNames(s: Snapshot): string[] {
  return s.hosts.map((h) => h.name).sort();
}

describe('config faults', () => {
  it('reports invalid YAML with the file and line, and never starts on it', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, 'hosts:\n  - name: orangepi5\n    ssh: { host: 127.0.0.1\n');
    await assert.rejects(loadConfig(path), (e: unknown) => e instanceof LabError && e.message.startsWith(`${path}:`) && /:\d+:\d+: invalid YAML/.test(e.message));
  });

  it('names the path and line of a wrong type', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, goodYaml.replace('port: 2222', 'port: "ssh"'));
    await assert.rejects(loadConfig(path), (e: unknown) => e instanceof LabError && e.message.includes(`${path}:3: hosts[0].ssh.port:`));
  });

  it('names an unknown key and the line it is on', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, `${goodYaml}    mac_address: aa:bb:cc:dd:ee:ff\n`);
    await assert.rejects(loadConfig(path), (e: unknown) => e instanceof LabError && e.message.includes(`${path}:4: hosts[0].mac_address:`));
  });

  it('applies a valid change made on disk while the app runs, and keeps the old config with a visible warning on an invalid one', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, goodYaml);
    const { config } = await loadConfig(path);
    const lab = new Lab({ config, factories: [hostsFromConfig], secrets: new MemorySecretStore() });
    const notices: string[] = [];
    lab.on('notice', (n) => notices.push(n.body));
    await lab.start();
    await nextSnapshot(lab, (s) => s.hosts.some((h) => h.reachable));
    const watcher = await watchLabConfig(lab, path, systemClock, { debounceMs: 20 });
    try {
      await writeFile(path, `${goodYaml}  - name: nas\n    ssh: { host: 127.0.0.1, port: 2223 }\n`);
      const added = await nextSnapshot(lab, (s) => s.hosts.some((h) => h.name === 'nas' && h.reachable));
      assert.deepEqual(hostNames(added), ['nas', 'orangepi5']);

      await writeFile(path, `${goodYaml}  - name: nas\n    ssh: { host: 127.0.0.1, port: twenty }\n`);
      const warned = await nextSnapshot(lab, (s) => s.checks.some((c) => c.id === 'config:file'));
      const check = warned.checks.find((c) => c.id === 'config:file');
      assert.equal(check?.status, 'warn');
      assert.ok(check?.summary.includes(`${path}:5: hosts[1].ssh.port`), check?.summary);
      assert.deepEqual(hostNames(warned), ['nas', 'orangepi5'], 'still running on the last good config');
      assert.ok(warned.hosts.every((h) => h.reachable));
      assert.ok(notices.some((n) => n.includes(path)), 'the user is told');

      await writeFile(path, goodYaml);
      const fixed = await nextSnapshot(lab, (s) => !s.checks.some((c) => c.id === 'config:file') && s.hosts.length === 1);
      assert.deepEqual(hostNames(fixed), ['orangepi5']);
    } finally {
      watcher.close();
      await lab.stop();
    }
  });

  it('treats a removed config file as a problem, not as an empty config', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, goodYaml);
    const { config } = await loadConfig(path);
    const lab = new Lab({ config, factories: [hostsFromConfig], secrets: new MemorySecretStore() });
    await lab.start();
    const watcher = await watchLabConfig(lab, path, systemClock, { debounceMs: 20 });
    try {
      await rm(path);
      const s = await nextSnapshot(lab, (x) => x.checks.some((c) => c.id === 'config:file'));
      assert.match(s.checks.find((c) => c.id === 'config:file')?.summary ?? '', /was removed/);
      assert.deepEqual(hostNames(s), ['orangepi5']);
    } finally {
      watcher.close();
      await lab.stop();
    }
  });

  it('does not rebuild the integrations when the change on disk is our own save', async () => {
    const path = join(await configDir(), 'config.yaml');
    await writeFile(path, goodYaml);
    const { config } = await loadConfig(path);
    let built = 0;
    const counting: IntegrationFactory = (ctx) => {
      built++;
      return hostsFromConfig(ctx);
    };
    const lab = new Lab({ config, factories: [counting], secrets: new MemorySecretStore(), saveConfig: (c) => saveConfig(path, c) });
    await lab.start();
    const watcher = await watchLabConfig(lab, path, systemClock, { debounceMs: 20 });
    try {
      // A change the Lab reads (a new host), so the save itself rebuilds once.
      const next: LabConfig = { ...config, hosts: [...(config.hosts ?? []), { name: 'nas', ssh: { host: '127.0.0.1', port: 2223 } }] };
      await lab.invoke('saveSettings', { config: next });
      assert.equal(built, 2, 'once at start, once for the save');
      await watcher.check();
      assert.equal(built, 2, 'the watcher sees the same config and leaves the Lab alone');
    } finally {
      watcher.close();
      await lab.stop();
    }
  });

  describe('disk full on save', () => {
    const previous: LabConfig = { hosts: [{ name: 'orangepi5', ssh: { host: '127.0.0.1', port: 2222 } }] };
    const next: LabConfig = { hosts: [{ name: 'orangepi5', ssh: { host: '127.0.0.1', port: 2222 } }, { name: 'nas', ssh: { host: '127.0.0.1' } }] };

    function enospc(): NodeJS.ErrnoException {
      return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    }

    /** The real disk, except that it fills up after `room` bytes of new data. */
    function fullDisk(room: number): ConfigFs {
      let left = room;
      return {
        ...nodeFs,
        open: (async (...args: Parameters<typeof nodeFs.open>) => {
          const fh = await nodeFs.open(...args);
          const realWrite = fh.writeFile.bind(fh);
          fh.writeFile = (async (data: string) => {
            const fits = data.slice(0, Math.max(0, left));
            left -= fits.length;
            await realWrite(fits, 'utf8');
            if (fits.length < data.length) throw enospc();
          }) as typeof fh.writeFile;
          return fh;
        }) as typeof nodeFs.open,
        copyFile: (async (src: string, dest: string) => {
          const text = await readFile(src, 'utf8');
          const fits = text.slice(0, Math.max(0, left));
          left -= fits.length;
          await writeFile(dest, fits);
          if (fits.length < text.length) throw enospc();
        }) as typeof nodeFs.copyFile,
      };
    }

    async function savedTwice(dir: string): Promise<{ path: string; config: string; bak: string }> {
      const path = join(dir, 'config.yaml');
      await saveConfig(path, previous);
      await saveConfig(path, previous);
      return { path, config: await readFile(path, 'utf8'), bak: await readFile(`${path}.bak`, 'utf8') };
    }

    it('leaves the config and its .bak whole when the new file cannot be written, and names the path', async () => {
      const dir = await configDir();
      const before = await savedTwice(dir);
      await assert.rejects(saveConfig(before.path, next, fullDisk(40)), (e: unknown) => e instanceof LabError && e.message.startsWith(`${before.path}: not saved`) && /ENOSPC/.test(e.message));
      assert.equal(await readFile(before.path, 'utf8'), before.config);
      assert.equal(await readFile(`${before.path}.bak`, 'utf8'), before.bak);
      assert.deepEqual((await readdir(dir)).sort(), ['config.yaml', 'config.yaml.bak'], 'no half-written temp file is left');
      assert.deepEqual((await loadConfig(before.path)).config, previous);
    });

    it('through a symlinked config.yaml (dotfiles in a git folder) writes the target and keeps the link; a failed save changes neither', async () => {
      const home = await configDir();
      const dotfiles = join(home, 'dotfiles');
      await nodeFs.mkdir(dotfiles);
      const target = join(dotfiles, 'labtray.yaml');
      await saveConfig(target, previous);
      const link = join(home, 'config.yaml');
      await nodeFs.symlink(target, link);
      await saveConfig(link, next);
      assert.ok((await nodeFs.lstat(link)).isSymbolicLink(), 'config.yaml is still a link');
      assert.equal(await nodeFs.readlink(link), target);
      assert.deepEqual((await loadConfig(target)).config, next, 'the target has the new config');
      assert.deepEqual((await loadConfig(`${target}.bak`)).config, previous, 'its backup sits beside it');
      assert.deepEqual((await readdir(home)).sort(), ['config.yaml', 'dotfiles'], 'nothing written beside the link');
      const saved = await readFile(target, 'utf8');
      await assert.rejects(saveConfig(link, previous, fullDisk(40)), (e: unknown) => e instanceof LabError && e.message.startsWith(`${link} (${target}): not saved`));
      assert.equal(await readFile(target, 'utf8'), saved);
      assert.ok((await nodeFs.lstat(link)).isSymbolicLink());
      assert.deepEqual((await readdir(dotfiles)).sort(), ['labtray.yaml', 'labtray.yaml.bak']);
    });

    it('never truncates the previous .bak when the disk fills while backing up', async () => {
      const dir = await configDir();
      const before = await savedTwice(dir);
      const scratch = join(await configDir(), 'next.yaml');
      await saveConfig(scratch, next);
      // Room for the new file, not for a second copy of the old one.
      const room = (await readFile(scratch, 'utf8')).length + 10;
      await assert.rejects(saveConfig(before.path, next, fullDisk(room)), /ENOSPC/);
      assert.equal(await readFile(`${before.path}.bak`, 'utf8'), before.bak);
      assert.equal(await readFile(before.path, 'utf8'), before.config);
      assert.deepEqual((await readdir(dir)).sort(), ['config.yaml', 'config.yaml.bak']);
    });

    it('reports a read-only directory with its path and changes nothing', async () => {
      const dir = await configDir();
      const before = await savedTwice(dir);
      const readOnly: ConfigFs = {
        ...nodeFs,
        open: (async () => {
          throw Object.assign(new Error(`EROFS: read-only file system, open '${before.path}.tmp'`), { code: 'EROFS' });
        }) as typeof nodeFs.open,
      };
      await assert.rejects(saveConfig(before.path, next, readOnly), (e: unknown) => e instanceof LabError && e.message.includes(before.path) && /EROFS/.test(e.message));
      assert.equal(await readFile(before.path, 'utf8'), before.config);
      assert.equal(await readFile(`${before.path}.bak`, 'utf8'), before.bak);
    });

    it('keeps the Lab running on the old config when saving Settings fails', async () => {
      const dir = await configDir();
      const before = await savedTwice(dir);
      const lab = new Lab({ config: previous, factories: [hostsFromConfig], secrets: new MemorySecretStore(), saveConfig: (c) => saveConfig(before.path, c, fullDisk(10)) });
      await lab.start();
      try {
        await assert.rejects(lab.invoke('saveSettings', { config: next }), /not saved.*ENOSPC/s);
        assert.deepEqual(lab.currentConfig, previous);
        const s = await nextSnapshot(lab, (x) => x.hosts.some((h) => h.reachable));
        assert.deepEqual(hostNames(s), ['orangepi5']);
      } finally {
        await lab.stop();
      }
    });
  });
});
