import type { LabConfig } from '../../../shared/config';
import { loadConfig } from '../../core/config/load';
import { defaultConfigPath } from '../../core/config/paths';
import { logDirectory } from '../../core/log-file';
import { EnvSecretStore, MemorySecretStore, secretEnvName, type SecretStore } from '../../core/secrets';
import type { CliArgs } from '../args';
import type { Io } from '../commands/io';
import { CLOSE_DEADLINE_MS, demoStatePath, resetDemoState, within } from '../open';
import { errorText, formatReport, say, type Section, type StepResult } from './steps';

interface Target {
  label: string;
  config: LabConfig;
  secrets: SecretStore;
  /** Stops what was started for the check (the demo lab). */
  stop(): Promise<void>;
}

/** Every `secret:NAME` the config refers to, once each. */
function secretRefs(config: LabConfig): string[] {
  const refs = new Set<string>();
  JSON.stringify(config, (_k, v: unknown) => {
    if (typeof v === 'string' && v.startsWith('secret:')) refs.add(v.slice('secret:'.length));
    return v;
  });
  return [...refs].sort();
}

async function secretSteps(t: Target, demo: boolean): Promise<StepResult[]> {
  return Promise.all(
    secretRefs(t.config).map(async (name): Promise<StepResult> => {
      const where = demo ? say('doctor.secretDemo') : secretEnvName(name);
      return (await t.secrets.has(name))
        ? { name: say('doctor.stepSecret', { name }), state: 'pass', detail: say('doctor.secretSet', { where }) }
        : { name: say('doctor.stepSecret', { name }), state: 'fail', detail: say('doctor.secretMissing', { where }) };
    }),
  );
}

/** What each configured area checks; each area's modules load only when it is configured. */
async function areaSections(config: LabConfig, secrets: SecretStore): Promise<Section[]> {
  const pending: Promise<Section>[] = [];
  if (config.proxmox?.length) pending.push(...(await import('./proxmox')).proxmoxSections(config.proxmox, secrets));
  if (config.hosts?.some((h) => h.ssh)) pending.push(...(await import('./ssh')).sshSections(config.hosts, secrets));
  if (config.kubernetes) pending.push(...(await import('./kube')).kubeSections(config.kubernetes));
  if (config.tailscale) pending.push((await import('./tailscale')).tailscaleSection(config.tailscale));
  if (config.metrics) pending.push((await import('./metrics')).metricsSection(config.metrics, secrets));
  return Promise.all(pending);
}

async function openTarget(a: CliArgs): Promise<Target | { error: string; path: string }> {
  if (a.demo) {
    if (a.demoReset) resetDemoState();
    const { startDemoLab } = await import('../../../demo/demo-lab');
    const demo = await startDemoLab({ statePath: demoStatePath() });
    return { label: say('doctor.demoLab'), config: demo.config, secrets: new MemorySecretStore(demo.secrets), stop: () => demo.stop() };
  }
  const path = a.config ?? defaultConfigPath();
  try {
    const { config } = await loadConfig(path);
    return { label: path, config, secrets: new EnvSecretStore(), stop: async () => undefined };
  } catch (err) {
    const missing = (err as { code?: unknown }).code === 'config-missing';
    return { error: missing ? say('doctor.configMissing', { path }) : errorText(err), path };
  }
}

/** `labtray doctor`: every step passed (0), a step failed (1), or the config itself is wrong (2). */
export async function run(a: CliArgs, io: Io): Promise<number> {
  const target = await openTarget(a);
  if ('error' in target) {
    const sections: Section[] = [{ title: say('doctor.configTitle', { path: target.path }), steps: [{ name: say('doctor.stepConfig'), state: 'fail', detail: target.error }] }];
    const logDir = logDirectory();
    io.out.write(a.json ? JSON.stringify({ ok: false, sections, logDir }, null, 2) + '\n' : `${formatReport(sections, io.style)}\n${io.style.dim(say('doctor.logFolder', { dir: logDir }))}\n`);
    return 2;
  }
  try {
    const configStep: StepResult = { name: say('doctor.stepConfig'), state: 'pass', detail: say('doctor.configParses', { parts: Object.keys(target.config).sort() }) };
    const sections: Section[] = [{ title: say('doctor.configTitle', { path: target.label }), steps: [configStep, ...(await secretSteps(target, a.demo))] }, ...(await areaSections(target.config, target.secrets))];
    const ok = sections.every((s) => s.steps.every((st) => st.state === 'pass'));
    // Where the app writes what went wrong, for anything the steps cannot show.
    const logDir = logDirectory();
    io.out.write(a.json ? JSON.stringify({ ok, sections, logDir }, null, 2) + '\n' : `${formatReport(sections, io.style)}\n${io.style.dim(say('doctor.logFolder', { dir: logDir }))}\n`);
    process.exitCode = ok ? 0 : 1;
    return ok ? 0 : 1;
  } finally {
    await within(target.stop(), CLOSE_DEADLINE_MS, () => io.err.write(`labtray: stopping the demo lab took longer than ${CLOSE_DEADLINE_MS / 1000} s; exiting anyway\n`));
  }
}
