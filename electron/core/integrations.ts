import type { IntegrationFactory } from './integration';
import { proxmoxIntegration } from './proxmox/integration';
import { sshIntegration } from './ssh/integration';
import { kubernetesIntegration } from './kube/integration';
import { tailscaleIntegration } from './tailscale/integration';
import { wolIntegration } from './wol/integration';
import { metricsIntegration } from './metrics/integration';
import { locationIntegration } from './system/integration';

/** Every integration, in the order their sources appear. Each returns null when its config section is absent. */
export const allIntegrations: IntegrationFactory[] = [
  proxmoxIntegration,
  sshIntegration,
  metricsIntegration,
  kubernetesIntegration,
  tailscaleIntegration,
  wolIntegration,
  locationIntegration,
];
