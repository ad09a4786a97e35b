import type { IntegrationFactory } from '../integration';

/** Placeholder until this integration lands: contributes nothing. */
export const proxmoxIntegration: IntegrationFactory = () => null;
