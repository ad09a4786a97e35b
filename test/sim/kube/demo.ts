import type { DemoPart } from '../demo-lab';

/** Placeholder until this simulator lands: adds nothing to the demo lab. */
export async function startDemo(): Promise<DemoPart> {
  return { config: {}, secrets: {}, stop: async () => undefined };
}
