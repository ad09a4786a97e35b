import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyPeer } from '../../../shared/tailscale';
import { pongFromLocalApi } from '../../../electron/core/tailscale/ping';
import { parseStatusJson } from '../../../electron/core/tailscale/status-json';
import { demoTailnet, peer, TailnetModel } from '../../../demo/tailscale/model';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const RELAY = '198.51.100.7:7777:vni:3';

function tailnet(active: boolean): TailnetModel {
  const state = demoTailnet();
  state.peers.push(peer('nas-offsite', 'linux', '100.77.1.9', { link: 'peer-relay', peerRelay: RELAY, directAfter: null, active }));
  return new TailnetModel(state);
}

// The Tailscale fake reports peers reached through a Tailscale peer relay, as tailscaled 1.86+ does.
describe('the Tailscale fake: peers behind a peer relay', () => {
  it('status names the relay in PeerRelay, and LabTray reads the peer as peer-relayed', () => {
    const raw = tailnet(true).status(NOW);
    const peers = Object.values((raw as { Peer: Record<string, { HostName: string; PeerRelay: string; CurAddr: string }> }).Peer);
    const wire = peers.find((p) => p.HostName === 'nas-offsite');
    assert.deepEqual([wire?.PeerRelay, wire?.CurAddr], [RELAY, '']);
    const read = parseStatusJson(raw, 'localapi', NOW).peers.find((p) => p.name.startsWith('nas-offsite'));
    assert.ok(read);
    assert.equal(read.peerRelay, RELAY);
    assert.equal(classifyPeer(read), 'peer-relay');
    // A direct peer in the same tailnet has no PeerRelay.
    assert.ok(peers.filter((p) => p.HostName !== 'nas-offsite').every((p) => p.PeerRelay === ''));
  });

  it('an idle peer-relay peer shows no relay; its first pong goes over DERP, the next through the relay', () => {
    const model = tailnet(false);
    const wire = Object.values((model.status(NOW) as { Peer: Record<string, { HostName: string; PeerRelay: string }> }).Peer).find((p) => p.HostName === 'nas-offsite');
    assert.equal(wire?.PeerRelay, '');
    const first = pongFromLocalApi(model.ping('100.77.1.9'));
    assert.deepEqual([first.via, first.relay], ['relay', 'hkg']);
    const second = pongFromLocalApi(model.ping('100.77.1.9'));
    assert.deepEqual([second.via, second.relay, second.endpoint], ['relay', null, RELAY]);
  });
});
