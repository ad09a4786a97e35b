import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LabError } from '../../shared/api';
import type { SecretStore } from '../core/secrets';
import { renameWithRetry } from '../core/fs-retry';

/** The part of Electron's safeStorage the store uses (a stub in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring, i.e. a fixed key. */
  getSelectedStorageBackend?(): string;
}

interface SecretsFile {
  version: 1;
  /** name → base64 of safeStorage ciphertext. */
  secrets: Record<string, string>;
}

export interface SafeStorageSecretStoreOptions {
  /** e.g. userData/secrets.json */
  file: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
  /** Looked up when a name is not in the file (LABTRAY_SECRET_* from the environment). */
  fallback?: SecretStore;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Secrets encrypted with the OS keychain (safeStorage: DPAPI, Keychain,
 * libsecret/kwallet) in a file in userData. Values are decrypted only when a
 * core client asks, and never leave the main process.
 */
export class SafeStorageSecretStore implements SecretStore {
  private cache: SecretsFile | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SafeStorageSecretStoreOptions) {}

  async get(name: string): Promise<string | undefined> {
    const enc = stored((await this.read()).secrets, name);
    if (enc === undefined) return this.opts.fallback?.get(name);
    this.requireEncryption('read');
    try {
      return this.opts.safeStorage.decryptString(Buffer.from(enc, 'base64'));
    } catch (err) {
      throw new LabError('secret-unreadable', `secret "${name}" cannot be decrypted (was ${this.opts.file} copied from another user or machine?): ${(err as Error).message}`);
    }
  }

  async has(name: string): Promise<boolean> {
    if (stored((await this.read()).secrets, name) !== undefined) return true;
    return (await this.opts.fallback?.has(name)) ?? false;
  }

  async set(name: string, value: string): Promise<void> {
    if (!NAME.test(name)) throw new LabError('invalid-input', `"${name}" is not a valid secret name`);
    this.requireEncryption('store');
    const enc = this.opts.safeStorage.encryptString(value).toString('base64');
    const next = this.writes.then(async () => {
      const cur = await this.read();
      const updated: SecretsFile = { version: 1, secrets: Object.assign(Object.create(null) as Record<string, string>, cur.secrets, { [name]: enc }) };
      await writeAtomic(this.opts.file, JSON.stringify(updated, null, 2) + '\n');
      this.cache = updated;
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  /** Forgets `name` (a secret typed in for a save that failed); the environment fallback is untouched. */
  async delete(name: string): Promise<void> {
    const next = this.writes.then(async () => {
      const cur = await this.read();
      if (stored(cur.secrets, name) === undefined) return;
      const secrets = Object.assign(Object.create(null) as Record<string, string>, cur.secrets);
      delete secrets[name];
      const updated: SecretsFile = { version: 1, secrets };
      await writeAtomic(this.opts.file, JSON.stringify(updated, null, 2) + '\n');
      this.cache = updated;
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private requireEncryption(what: 'read' | 'store'): void {
    if (!this.opts.safeStorage.isEncryptionAvailable()) {
      throw new LabError('secrets-unavailable', `cannot ${what} secrets: the system keychain is not available (use LABTRAY_SECRET_<NAME> environment variables instead)`);
    }
    const platform = this.opts.platform ?? process.platform;
    if (what === 'store' && platform === 'linux' && this.opts.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new LabError(
        'secrets-unavailable',
        'no keyring (GNOME Keyring or KWallet) is running, so a secret would be stored with a fixed key; LabTray will not do that. Start a keyring, or set LABTRAY_SECRET_<NAME> in the environment',
      );
    }
  }

  private async read(): Promise<SecretsFile> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await readFile(this.opts.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.cache = { version: 1, secrets: Object.create(null) as Record<string, string> });
      throw new LabError('secrets', `${this.opts.file}: cannot read: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new LabError('secrets', `${this.opts.file}: not valid JSON (${(err as Error).message}); move it away to start with no stored secrets`);
    }
    const p = parsed as Partial<SecretsFile> | null;
    if (!p || p.version !== 1 || typeof p.secrets !== 'object' || p.secrets === null || Object.values(p.secrets).some((v) => typeof v !== 'string')) {
      throw new LabError('secrets', `${this.opts.file}: not a LabTray secrets file (version 1)`);
    }
    // No prototype: a name like "constructor" or "toString" is a secret only when the file holds one by that name.
    return (this.cache = { version: 1, secrets: Object.assign(Object.create(null) as Record<string, string>, p.secrets) });
  }
}

/** The encrypted value stored under `name`: an own entry only, never something inherited from Object.prototype. */
function stored(secrets: Record<string, string>, name: string): string | undefined {
  return Object.hasOwn(secrets, name) ? secrets[name] : undefined;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new LabError('secrets', `${path}: secret not saved: ${(err as Error).message}`);
  }
}
