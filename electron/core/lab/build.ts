import type { LabConfig } from '../../../shared/config';
import type { Integration, IntegrationContext, IntegrationDefinition, IntegrationFactory, LabServices, Offering, RegisteredIntegration, ServiceName } from './integration';
import type { LabProblem } from './snapshot';

/** The integrations a config asks for, in the order given, and those that could not start. */
export interface BuiltIntegrations {
  integrations: Integration[];
  problems: LabProblem[];
}

interface Candidate {
  /** What a problem with it is about: its config section or kind. */
  about: string;
  definition: IntegrationDefinition;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function isRegistered(f: IntegrationFactory): f is RegisteredIntegration {
  return typeof f === 'object' && 'load' in f;
}

/** Only the integrations whose config section is present are loaded: a module not asked for is never imported. */
async function candidates(factories: readonly IntegrationFactory[], config: LabConfig, problems: LabProblem[]): Promise<(Candidate | null)[]> {
  return Promise.all(
    factories.map(async (f, i): Promise<Candidate | null> => {
      if (typeof f === 'function') return { about: `integration ${i + 1}`, definition: { build: f } };
      if (!isRegistered(f)) return { about: f.kind ?? `integration ${i + 1}`, definition: f };
      if (!(f.configured ? f.configured(config) : config[f.section] !== undefined)) return null;
      try {
        return { about: f.kind, definition: await f.load() };
      } catch (err) {
        problems.push({ about: f.kind, message: `could not load: ${errorText(err)}` });
        return null;
      }
    }),
  );
}

/** Providers before the integrations that need them; the list order otherwise. */
export function buildOrder(defs: readonly IntegrationDefinition[]): number[] {
  const provider = new Map<ServiceName, number>();
  defs.forEach((d, i) => {
    for (const s of d.provides ?? []) {
      if (provider.has(s)) throw new Error(`two integrations offer the ${s} service`);
      provider.set(s, i);
    }
  });
  const order: number[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number, path: number[]): void => {
    if (state.get(i) === 'done') return;
    if (state.get(i) === 'visiting') throw new Error(`integrations need each other: ${[...path, i].map((j) => defs[j].kind ?? j).join(' → ')}`);
    state.set(i, 'visiting');
    for (const s of defs[i].needs ?? []) {
      const p = provider.get(s);
      if (p !== undefined && p !== i) visit(p, [...path, i]);
    }
    state.set(i, 'done');
    order.push(i);
  };
  defs.forEach((_, i) => visit(i, []));
  return order;
}

/** The services `needs` names, from those built so far. */
function servicesFor(needs: readonly ServiceName[] | undefined, offered: Partial<LabServices>): Partial<LabServices> {
  const given: Partial<LabServices> = {};
  for (const n of needs ?? []) if (offered[n]) Object.assign(given, { [n]: offered[n] });
  return given;
}

/** Only what a definition declared it provides is passed on. */
function offeredBy(def: IntegrationDefinition, integ: Offering<ServiceName>): Partial<LabServices> {
  return servicesFor(def.provides, integ.services ?? {});
}

/**
 * Builds every integration the config asks for: loads their modules, orders
 * them by the services they declare, and hands each only the services it
 * needs. One that fails is reported and the others still start.
 */
export async function buildIntegrations(factories: readonly IntegrationFactory[], ctx: IntegrationContext): Promise<BuiltIntegrations> {
  const problems: LabProblem[] = [];
  const found = (await candidates(factories, ctx.config, problems)).filter((c): c is Candidate => c !== null);
  const built: (Offering<ServiceName> | null)[] = found.map(() => null);
  let offered: Partial<LabServices> = {};
  for (const i of buildOrder(found.map((c) => c.definition))) {
    const { about, definition } = found[i];
    try {
      const integ = await definition.build(ctx, servicesFor(definition.needs, offered));
      built[i] = integ;
      if (integ) offered = { ...offered, ...offeredBy(definition, integ) };
    } catch (err) {
      problems.push({ about, message: `could not start: ${errorText(err)}` });
    }
  }
  return { integrations: built.filter((b): b is Integration => b !== null), problems };
}

/** Closes integrations and their sources; a failure in one never keeps the others open. */
export async function disposeIntegrations(integrations: readonly Integration[]): Promise<void> {
  await Promise.allSettled(
    integrations.map(async (i) => {
      await Promise.allSettled(i.sources.map(async (s) => s.dispose?.()));
      await i.dispose?.();
    }),
  );
}
