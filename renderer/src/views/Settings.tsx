import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/api';
import type { LabConfig } from '../../../shared/config';
import { Empty } from '../components/ui';
import { currentPrefs, withSavedPrefs } from '../prefs';
import { useApi, useLabStore } from '../store-context';
import { Appearance, Polling, QuietHours, UpdatesAndLogs } from './settings/general';
import { KubeSettings } from './settings/kubernetes';
import { message } from './settings/parts';
import { ProxmoxSettings } from './settings/proxmox';
import { HostSettings } from './settings/ssh-hosts';
import { TailscaleSettings } from './settings/tailscale';
import { WakeOnLan } from './settings/wake-on-lan';

/** Holds the one copy of the config every section saves from, so each Save carries what the others saved before it. */
export function Settings() {
  const { t } = useTranslation();
  const api = useApi();
  const store = useLabStore();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api?.getSettings(undefined).then(setView, (err: unknown) => setError(message(err)));
  }, [api]);
  useEffect(reload, [reload]);
  const save = async (config: LabConfig, secrets?: Record<string, string>): Promise<void> => {
    if (!api) return;
    // The settings were read before any star or language change since: keep those, not the copy read then.
    setView(await api.saveSettings({ config: withSavedPrefs(config, currentPrefs(store.getState())), secrets }));
  };
  return (
    <div className="view view-settings">
      <h1 className="view-title">{t('views.settings')}</h1>
      {error ? <p className="text-crit">{error}</p> : null}
      <Appearance config={view?.config ?? null} save={save} />
      {view ? (
        <>
          <p className="muted small">{view.path ? t('settings.configAt', { path: view.path }) : t('settings.configInMemory')}</p>
          <ProxmoxSettings view={view} save={save} reload={reload} />
          <HostSettings view={view} save={save} reload={reload} />
          <WakeOnLan view={view} save={save} />
          <TailscaleSettings view={view} reload={reload} />
          <KubeSettings view={view} reload={reload} />
          <Polling view={view} save={save} />
          <QuietHours view={view} save={save} />
          <UpdatesAndLogs view={view} save={save} />
        </>
      ) : (
        <Empty>{t('app.loading')}</Empty>
      )}
    </div>
  );
}
