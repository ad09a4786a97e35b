import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabConfig } from '../../../../shared/config';

/** Writes the whole config (and any secrets typed in) through the core; every section saves through it. */
export type SaveSettings = (config: LabConfig, secrets?: Record<string, string>) => Promise<void>;

/** What a Save said: shown next to its button. */
export type SaveState = { ok: boolean; text: string };

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A section's Save: runs `act`, then says "Saved." and calls `done`, or says why not; `busy` while it runs. */
export function useSave(done: () => void): { busy: boolean; state: SaveState | null; setState: (s: SaveState | null) => void; run: (act: () => Promise<unknown>) => void } {
  const { t } = useTranslation();
  const [state, setState] = useState<SaveState | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (act: () => Promise<unknown>): void => {
    setBusy(true);
    act()
      .then(
        () => {
          setState({ ok: true, text: t('settings.saved') });
          done();
        },
        (e: unknown) => setState({ ok: false, text: message(e) }),
      )
      .finally(() => setBusy(false));
  };
  return { busy, state, setState, run };
}

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
