import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textIn } from '../../../shared/message';
import { explainFailure } from '../../../electron/cli/explain';

const target = '101 (win2022) on um560';

describe('raw API texts become sentences', () => {
  it('a resume of a guest that is not paused says so, keeping the API text as detail', () => {
    const raw = 'POST /nodes/um560/qemu/101/status/resume: HTTP 500: VM 101 not paused';
    const e = explainFailure({ action: 'resume', target, message: raw });
    assert.equal(e.sentence, 'Could not resume 101 (win2022) on um560: it is not paused (only a suspended guest can be resumed)');
    assert.equal(e.detail, raw);
  });

  it('a start refused for memory names the node, from the reason QEMU put in the task log', () => {
    const e = explainFailure({ action: 'start', target, message: 'start of 101 (win2022) failed: start failed: QEMU exited with code 1', log: ['generating cloud-init ISO', "kvm: cannot set up guest memory 'pc.ram': Cannot allocate memory", 'TASK ERROR: start failed: QEMU exited with code 1'] });
    assert.match(e.sentence, /^Could not start 101 \(win2022\) on um560: um560 has not enough free memory for it/);
    assert.match(e.detail ?? '', /QEMU exited with code 1\nkvm: cannot set up guest memory/);
  });

  it('each PVE wording gets its own reason', () => {
    const cases: [string, string, RegExp][] = [
      ['reboot', 'POST /nodes/um560/qemu/101/status/reboot: HTTP 500: VM 101 not running', /it is not running$/],
      ['start', 'start of 101 (win2022) failed: VM 101 already running', /it is already running$/],
      ['shutdown', 'POST /nodes/um560/qemu/101/status/shutdown: HTTP 500: VM is locked (backup)', /it is locked \(backup\): another operation holds it/],
      ['start', 'POST /nodes/gtr5/qemu/9000/status/start: HTTP 500: VM 9000 is a template', /it is a template/],
      ['stop', 'POST /nodes/um560/qemu/101/status/stop: HTTP 595: No route to host', /node um560 cannot be reached from the cluster \(off or asleep\? try: labtray wake um560\)/],
      ['start', 'POST /nodes/um560/qemu/101/status/start: permission denied: the user or token lacks VM.PowerMgmt on /vms/101 (grant a role …)', /lacks VM\.PowerMgmt on \/vms\/101/],
      ['vzdump', 'backup of 101 (win2022) failed: vma_queue_write: write error - No space left on device', /^Could not back up .*the backup storage is full$/],
      ['start', "POST /nodes/um560/qemu/101/status/start: HTTP 500: Configuration file 'nodes/um560/qemu-server/101.conf' does not exist", /no longer where LabTray last saw it/],
      ['start', 'home: https://192.168.1.11:8006: connection refused (is pveproxy running?) (ECONNREFUSED)', /refused the connection/],
      ['start', 'certificate fingerprint mismatch for 192.168.1.11:8006: expected AB got CD', /not the pinned one/],
      ['start', 'the certificate of 127.0.0.1:8006 was issued for another name (DNS:nas.example.org), not 127.0.0.1: refused', /issued for another name \(DNS:nas\.example\.org\), not 127\.0\.0\.1: use a name it lists in endpoints/],
      ['start', 'home: https://nas:8006: ERR_TLS_CERT_ALTNAME_INVALID', /issued for another host name$/],
      ['suspend', 'POST /nodes/um560/qemu/101/status/suspend: HTTP 500: something new', /the server refused it \(HTTP 500: something new\)$/],
    ];
    for (const [action, message, want] of cases) assert.match(explainFailure({ action, target, message }).sentence, want, message);
  });

  it('a shutdown the guest ignored is the guest not reacting, not the server not answering', () => {
    const msg = 'shutdown of 101 (win2022) timed out: VM quit/powerdown failed - got timeout — the guest did not react (no guest agent or ACPI?); use Stop to force it off';
    const e = explainFailure({ action: 'shutdown', target, message: msg });
    assert.equal(e.sentence, 'Could not shut down 101 (win2022) on um560: the guest did not react to the shutdown in time (no guest agent or ACPI?); stop forces it off');
  });

  it('passes a text it has no rule for through as the reason, with no detail to repeat', () => {
    const e = explainFailure({ action: 'wake', target: 'rockpi5a', message: 'rockpi5a has no MAC address: set "mac" for it in hosts: to wake it' });
    assert.equal(e.sentence, 'Could not wake rockpi5a: rockpi5a has no MAC address: set "mac" for it in hosts: to wake it');
    assert.equal(e.detail, null);
  });

  it('has every sentence in Chinese too', () => {
    const e = explainFailure({ action: 'resume', target, message: 'HTTP 500: VM 101 not paused' });
    assert.ok(e.sentence.length > 0);
    const zh = textIn('zh-CN', { key: 'cli.failed', params: { action: { key: 'cli.verb.resume' }, target, why: { key: 'cli.why.notPaused' } } }, '');
    assert.equal(zh, '无法恢复 101 (win2022) on um560：它没有暂停（只有已挂起的虚拟机才能恢复）');
  });
});
