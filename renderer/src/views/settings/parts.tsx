import { useTranslation } from 'react-i18next';
import type { LabConfig } from '../../../../shared/config';

/** Writes the whole config (and any secrets typed in) through the core; every section saves through it. */
export type SaveSettings = (config: LabConfig, secrets?: Record<string, string>) => Promise<void>;

/** What a Save said: shown next to its button. */
export type SaveState = { ok: boolean; text: string };

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The outcome of a Save: "Saved." or why not, announced to screen readers. */
export function SaveNote({ state }: { state: SaveState | null }) {
  return state ? (
    <span className={`small ${state.ok ? '' : 'text-crit'}`} role="status">
      {state.text}
    </span>
  ) : null;
}

/** Beside a secret field when the core keeps typed secrets in memory only (the preview): says they go when it stops. */
export function SecretsKeptNote({ persist }: { persist: boolean | undefined }) {
  const { t } = useTranslation();
  return persist === false ? (
    <span className="muted small secrets-in-memory" data-testid="secrets-in-memory">
      {t('settings.secretsInMemory')}
    </span>
  ) : null;
}
