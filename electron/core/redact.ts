import type { SecretStore } from './secrets';

/**
 * The one rule for keeping secret values out of what LabTray writes to disk
 * (the snapshot cache refuses a snapshot with one, the log file blanks them).
 * Shorter values would match ordinary text everywhere and hide nothing.
 */
export const MIN_SECRET_LENGTH = 4;

/** What stands in the log where a secret value was. */
export const REDACTED = '‹secret›';

/** The ways a value shows up in text: as is, URL-encoded (a query, a Basic-auth URL) and escaped inside a JSON string. */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function allForms(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const v of values) for (const f of secretForms(v)) forms.add(f);
  // Longest first: a secret that contains another is blanked whole, not in pieces.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Whether any form of any of the values occurs in the text. */
export function containsSecret(text: string, values: Iterable<string>): boolean {
  return allForms(values).some((f) => text.includes(f));
}

/** The text with every form of every value replaced by REDACTED. */
export function redactSecrets(text: string, values: Iterable<string>): string {
  let out = text;
  for (const f of allForms(values)) if (out.includes(f)) out = out.split(f).join(REDACTED);
  return out;
}

/**
 * The secret values this process has handled. `watch(store)` wraps a store so
 * every value it hands to a client or stores is known before it could reach a
 * log line or the cache.
 */
export class SecretValues {
  private readonly known = new Set<string>();

  add(value: string | undefined): void {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) this.known.add(value);
  }

  values(): Iterable<string> {
    return this.known;
  }

  watch(store: SecretStore): SecretStore {
    const set = store.set?.bind(store);
    const remove = store.delete?.bind(store);
    // The wrapped store keeps what the store can do: forget a value (a failed save's rollback) and whether it persists.
    return {
      get: async (name) => {
        const v = await store.get(name);
        this.add(v);
        return v;
      },
      has: (name) => store.has(name),
      ...(set
        ? {
            set: async (name: string, value: string) => {
              this.add(value);
              await set(name, value);
            },
          }
        : {}),
      ...(remove ? { delete: (name: string) => remove(name) } : {}),
      ...(store.persistent !== undefined ? { persistent: store.persistent } : {}),
    };
  }
}
