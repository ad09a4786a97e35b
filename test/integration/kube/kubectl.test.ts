import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startFake, type FakeSetup } from './harness';

const run = promisify(execFile);

/** Debian's kubectl against the fake: an independent client keeps the fake honest. */
async function kubectl(setup: FakeSetup, ...args: string[]): Promise<string> {
  const { stdout } = await run('/usr/bin/kubectl', ['--kubeconfig', setup.kubeconfig, '--cache-dir', join(setup.dir, 'cache'), '--request-timeout', '20s', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: setup.dir },
    timeout: 60_000,
  });
  return stdout;
}

/** The rows of kubectl's table output as column → value maps (one table per resource type). */
function rows(out: string): Record<string, string>[] {
  const result: Record<string, string>[] = [];
  for (const block of out.trim().split(/\n\s*\n/)) {
    const [head, ...lines] = block.split('\n');
    const starts = [...head.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
    for (const line of lines) {
      const row: Record<string, string> = {};
      starts.forEach((s, i) => (row[s.name] = line.slice(s.at, i + 1 < starts.length ? starts[i + 1].at : undefined).trim()));
      result.push(row);
    }
  }
  return result;
}

describe('kubectl reads the fake API server', () => {
  let token: FakeSetup;
  let cert: FakeSetup;
  before(async () => {
    token = await startFake(undefined, 'token');
    token.cluster.setNodeReady('k3s-data-1-worker-3', false);
    token.cluster.breakWorkload('monitoring', 'vmalert', 'crashloop');
    token.cluster.tick();
    token.cluster.tick();
    cert = await startFake(undefined, 'cert');
  });
  after(async () => {
    await token?.stop();
    await cert?.stop();
  });

  it('`get nodes,pods -A` with a bearer token shows the NotReady worker and the crash-looping vmalert with its restarts', async () => {
    const out = await kubectl(token, 'get', 'nodes,pods', '-A');
    const r = rows(out);
    const node = (name: string) => r.find((x) => x.NAME === `node/${name}`);
    assert.equal(node('k3s-data-1-worker-3')?.STATUS, 'NotReady', out);
    assert.equal(node('orangepi5')?.STATUS, 'Ready', out);
    assert.equal(node('k3s-data-1')?.ROLES, 'control-plane,master', out);
    assert.equal(node('k3s-data-1')?.VERSION, 'v1.30.6+k3s1', out);
    const vmalert = r.find((x) => x.NAME?.startsWith('pod/vmalert-'));
    assert.equal(vmalert?.NAMESPACE, 'monitoring', out);
    assert.equal(vmalert?.STATUS, 'CrashLoopBackOff', out);
    assert.equal(vmalert?.READY, '0/1', out);
    assert.match(vmalert?.RESTARTS ?? '', /^3 \(\d+s ago\)$/, out);
    const exporters = r.filter((x) => x.NAME?.startsWith('pod/node-exporter-'));
    assert.equal(exporters.length, 4, 'the DaemonSet tolerates the arm64 taint: one pod per node');
    assert.ok(exporters.every((x) => x.STATUS === 'Running' && x.READY === '1/1'), out);
  });

  it('authenticates with a client certificate, cordons a node and shows it as SchedulingDisabled', async () => {
    assert.match(await kubectl(cert, 'cordon', 'orangepi5'), /node\/orangepi5 cordoned/);
    const r = rows(await kubectl(cert, 'get', 'nodes', '-o', 'wide'));
    const opi = r.find((x) => x.NAME === 'orangepi5');
    assert.equal(opi?.STATUS, 'Ready,SchedulingDisabled');
    assert.equal(opi?.['INTERNAL-IP'], '192.168.31.50');
    assert.equal(opi?.['KERNEL-VERSION'], '6.1.43-rockchip-rk3588');
    assert.equal(cert.fake.log.filter((l) => l.method === 'PATCH').at(-1)?.user, 'system:admin', 'the certificate CN is the user');
  });

  it('is refused with a token the server does not know', async () => {
    const other = await startFake(undefined, 'token');
    try {
      other.fake.expireToken(other.token ?? '');
      await assert.rejects(kubectl(other, 'get', 'nodes'), (err: Error & { stderr?: string }) => /Unauthorized|provide credentials/i.test(err.stderr ?? ''));
    } finally {
      await other.stop();
    }
  });
});
