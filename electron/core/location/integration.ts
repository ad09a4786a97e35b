import { defineIntegration, type IntegrationDefinition } from '../lab/integration';
import { sameFingerprint } from '../ssh/fingerprint';
import { sameCertFingerprint } from '../../../shared/fingerprint';
import { readLocalNetwork, systemGatewayDeps, systemInterfaces } from '../net/local-network';
import type { IdentityProber, LocalNetwork } from './decide';
import { proveSshHostKey, readCertificateFingerprint } from './identity';
import { LocationHolder, LocationSource } from './source';

/** Real probes: a whole SSH key exchange (no login) and a whole TLS handshake (no HTTP); both make the server sign. */
export const networkProber: IdentityProber = {
  sshHostKey: (host, port, isPinned, signal) => proveSshHostKey(host, port, isPinned, { signal, timeoutMs: 5000 }),
  certificate: (host, port, signal) => readCertificateFingerprint(host, port, { signal, timeoutMs: 5000 }),
  same: (a, b) => (a.startsWith('SHA256:') || b.startsWith('SHA256:') ? sameFingerprint(a, b) : sameCertFingerprint(a, b)),
};

/**
 * The interfaces (node:os, a system call) and the default gateway (one bounded, asynchronous lookup):
 * the subnets a home probe must be on, and context for the reason. Nothing here can hold up the process.
 */
export function localNetwork(signal: AbortSignal, platform: NodeJS.Platform = process.platform): Promise<LocalNetwork> {
  return readLocalNetwork({ interfaces: systemInterfaces, gateway: systemGatewayDeps(platform) }, signal);
}

/** Builds the location integration with the given probes (tests pass their own); it offers the at-home answer to SSH and WOL. */
export function createLocationIntegration(prober: IdentityProber, network: (signal: AbortSignal) => Promise<LocalNetwork | null>): IntegrationDefinition<never, 'location'> {
  return defineIntegration({
    kind: 'location',
    provides: ['location'],
    build: (ctx) => {
      const home = ctx.config.home;
      if (!home) return null;
      const holder = new LocationHolder();
      const source = new LocationSource({ probes: home.probes ?? [], prober, network, holder, now: () => ctx.clock.now() });
      return { kind: 'location', sources: [source], services: { location: holder } };
    },
  });
}

/** At home or away, for this machine. */
export const locationIntegration = createLocationIntegration(networkProber, (signal) => localNetwork(signal));
