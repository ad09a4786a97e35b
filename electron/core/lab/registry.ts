import type { RegisteredIntegration } from './integration';

/**
 * Every integration, by the config section that turns it on, in the order
 * their sources appear. A module is imported only when its section is in the
 * config, so a lab without `kubernetes:` never loads @kubernetes/client-node,
 * one without SSH hosts or `home:` never loads ssh2. Build order comes from
 * each definition's needs.
 */
export const registry: readonly RegisteredIntegration[] = [
  { kind: 'proxmox', section: 'proxmox', load: async () => (await import('../proxmox/integration')).proxmoxIntegration },
  {
    kind: 'ssh',
    section: 'hosts',
    configured: (c) => (c.hosts ?? []).some((h) => h.ssh !== undefined),
    load: async () => (await import('../ssh/integration')).sshIntegration,
  },
  { kind: 'metrics', section: 'metrics', load: async () => (await import('../metrics/integration')).metricsIntegration },
  { kind: 'kubernetes', section: 'kubernetes', load: async () => (await import('../kube/integration')).kubernetesIntegration },
  { kind: 'tailscale', section: 'tailscale', load: async () => (await import('../tailscale/integration')).tailscaleIntegration },
  {
    kind: 'wol',
    section: 'hosts',
    // A host with a MAC, or a Proxmox VE cluster whose nodes can be woken through it.
    configured: (c) => (c.hosts ?? []).some((h) => h.mac !== undefined) || c.proxmox !== undefined,
    load: async () => (await import('../wol/integration')).wolIntegration,
  },
  { kind: 'power', section: 'power', load: async () => (await import('../power/integration')).powerIntegration },
  { kind: 'location', section: 'home', load: async () => (await import('../location/integration')).locationIntegration },
];
