import { LabError } from '../../shared/api';

/** Resolves `secret:NAME` references. The values never leave the core. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  has(name: string): Promise<boolean>;
  set?(name: string, value: string): Promise<void>;
}

export function secretName(ref: string): string {
  if (!ref.startsWith('secret:')) throw new LabError('config', `"${ref}" is not a secret reference`);
  return ref.slice('secret:'.length);
}

/** `pve-home` → `LABTRAY_SECRET_PVE_HOME`. */
export function secretEnvName(name: string): string {
  return 'LABTRAY_SECRET_' + name.toUpperCase().replace(/[-.]/g, '_');
}

/** The CLI's store: secrets come from the environment. */
export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}
  async get(name: string): Promise<string | undefined> {
    return this.env[secretEnvName(name)];
  }
  async has(name: string): Promise<boolean> {
    return this.env[secretEnvName(name)] !== undefined;
  }
}

/** Secrets held in memory (the demo lab, tests). */
export class MemorySecretStore implements SecretStore {
  private readonly values: Map<string, string>;
  constructor(values: Record<string, string> = {}) {
    this.values = new Map(Object.entries(values));
  }
  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  async has(name: string): Promise<boolean> {
    return this.values.has(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
}

/** Resolves a reference or fails with an error that names it and where it is looked up. */
export async function requireSecret(store: SecretStore, ref: string, where: string): Promise<string> {
  const name = secretName(ref);
  const v = await store.get(name);
  if (v === undefined || v === '') {
    throw new LabError('secret-missing', `${where}: secret "${name}" is not set (CLI: set ${secretEnvName(name)}; app: enter it in Settings)`);
  }
  return v;
}
