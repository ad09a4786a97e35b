import { LabError } from '../../shared/api';

/** Resolves `secret:NAME` references. The values never leave the core. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  has(name: string): Promise<boolean>;
  set?(name: string, value: string): Promise<void>;
  /** Forgets a stored value (a secret typed in for a save that then failed). */
  delete?(name: string): Promise<void>;
  /** false: what `set` stores lasts only as long as this process (Settings says so where a secret is typed). */
  readonly persistent?: boolean;
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
  readonly persistent = false;
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
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}

/**
 * The preview's store: a secret typed in Settings is kept in memory, in front of
 * the environment's LABTRAY_SECRET_* values, for as long as the process runs.
 * Nothing is written to disk; forgetting a typed value uncovers the environment's again.
 */
export class SessionSecretStore implements SecretStore {
  readonly persistent = false;
  private readonly typed = new MemorySecretStore();
  constructor(private readonly behind: SecretStore = new EnvSecretStore()) {}
  async get(name: string): Promise<string | undefined> {
    return (await this.typed.has(name)) ? this.typed.get(name) : this.behind.get(name);
  }
  async has(name: string): Promise<boolean> {
    return (await this.typed.has(name)) || this.behind.has(name);
  }
  async set(name: string, value: string): Promise<void> {
    await this.typed.set(name, value);
  }
  async delete(name: string): Promise<void> {
    await this.typed.delete(name);
  }
}

/** Secrets stored for one save, with what they replaced. */
export interface StagedSecrets {
  /** Puts back what each name held before (or forgets it if it held nothing); resolves with the names that could not be put back. */
  undo(): Promise<string[]>;
}

/**
 * Stores `values` for a save that is about to be written, remembering each
 * name's previous value so a save that fails leaves the store as it was.
 * A store that cannot forget a name refuses to stage a new one.
 */
export async function stageSecrets(store: SecretStore, values: Readonly<Record<string, string>>): Promise<StagedSecrets> {
  const names = Object.keys(values);
  if (names.length === 0) return { undo: async () => [] };
  const set = store.set?.bind(store);
  if (!set) throw new LabError('unsupported', 'this shell cannot store secrets (the CLI reads them from LABTRAY_SECRET_* variables)');
  const before = new Map<string, string | undefined>();
  for (const name of names) before.set(name, (await store.has(name)) ? await store.get(name) : undefined);
  const remove = store.delete?.bind(store);
  const fresh = names.filter((n) => before.get(n) === undefined);
  if (fresh.length && !remove) throw new LabError('unsupported', `this secret store cannot take back ${fresh.join(', ')} if the save fails, so it stores nothing`);
  const done: string[] = [];
  const undo = async (): Promise<string[]> => {
    const failed: string[] = [];
    for (const name of done.reverse()) {
      const old = before.get(name);
      try {
        if (old !== undefined) await set(name, old);
        else if (remove) await remove(name);
        else failed.push(name);
      } catch {
        failed.push(name);
      }
    }
    return failed;
  };
  try {
    for (const name of names) {
      await set(name, values[name]);
      done.push(name);
    }
  } catch (err) {
    await undo();
    throw err;
  }
  return { undo };
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
