import type { DemoPart } from '../demo-lab';
import { FakeTailscaled } from './fake-tailscaled';
import { demoTailnet } from './model';

/**
 * The demo lab's tailnet, seen from the owner's laptop while away: the
 * subnet router tailscale-gateway (192.168.50.0/24) and most nodes direct, the
 * phone relayed through DERP(hkg), s500plus idle (a ping upgrades it from DERP
 * to direct), the pad offline.
 *
 * tailscaled's LocalAPI listens on a unix socket; on Windows on a named pipe,
 * the same transport the real tailscaled uses there (never TCP). The fake CLI
 * is a Node script run through execFile: on Windows it cannot be executed, so
 * the demo has no netcheck there and everything else comes from the pipe.
 */
export async function startDemo(): Promise<DemoPart> {
  const fake = await new FakeTailscaled(demoTailnet()).start();
  return {
    config: {
      tailscale: {
        socket: fake.socketPath,
        cli: fake.cliPath,
        subnetRouter: 'tailscale-gateway',
        pinned: ['tailscale-gateway', 'orangepi5'],
      },
    },
    secrets: {},
    followGuests: (guests) => {
      const running = new Map(guests.map((g) => [g.name.toLowerCase(), g.running]));
      const changed = fake.model.state.peers.some((p) => running.has(p.hostName.toLowerCase()) && p.online !== running.get(p.hostName.toLowerCase()));
      if (!changed) return;
      void fake.update((s) => {
        for (const p of s.peers) {
          const up = running.get(p.hostName.toLowerCase());
          if (up === undefined || p.online === up) continue;
          p.online = up;
          if (!up) p.lastSeen = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        }
      });
    },
    stop: () => fake.stop(),
  };
}
