import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KubeconfigFileView, SettingsView } from '../../../../shared/api';
import { Empty, Section } from '../../components/ui';
import { useApi } from '../../store-context';
import { message, SaveNote, useSave } from './parts';

/**
 * Settings → Kubernetes: the contexts of the kubeconfig files LabTray reads (the configured ones, else kubectl's),
 * file by file, to tick and save. A context whose user logs in by running a program is chosen only in the config
 * file (the core refuses it from here), so it shows disabled.
 */
export function KubeSettings({ view, reload }: { view: SettingsView; reload(): void }) {
  const { t } = useTranslation();
  const k = view.config.kubernetes;
  const files = view.kubeconfigs ?? [];
  const all = files.flatMap((f) => f.contexts.map((c) => c.name));
  // No `contexts:` in a kubernetes section means every context.
  const watched = k ? (k.contexts?.length ? k.contexts : all) : [];
  return (
    <Section id="kube-settings" title={t('settings.kube')}>
      {files.length === 0 ? <Empty>{t('settings.noKube')}</Empty> : <KubeChoice key={JSON.stringify([watched, files])} files={files} watched={watched} reload={reload} />}
    </Section>
  );
}

function KubeChoice({ files, watched, reload }: { files: KubeconfigFileView[]; watched: string[]; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [chosen, setChosen] = useState<string[]>(watched);
  const [results, setResults] = useState<Record<string, string>>({});
  const { busy, state, run } = useSave(reload);
  const test = (name: string): void => {
    api?.testConnection({ kind: 'kubernetes', name }).then(
      (r) => setResults((x) => ({ ...x, [name]: r.message })),
      (e: unknown) => setResults((x) => ({ ...x, [name]: message(e) })),
    );
  };
  const save = (): void => {
    if (api) run(() => api.saveKubernetes({ contexts: chosen }));
  };
  return (
    <>
      {files.map((f) => (
        <div key={f.file}>
          <p className="muted small mono">{f.file}</p>
          {!f.found ? <Empty>{t('kubeSettings.missing')}</Empty> : null}
          {f.error ? <p className="text-crit small">{f.error}</p> : null}
          <ul className="choice-list">
            {f.contexts.map((c) => (
              <li key={c.name}>
                <label title={c.server ?? undefined}>
                  <input
                    type="checkbox"
                    data-testid={`kube-context-${c.name}`}
                    checked={chosen.includes(c.name)}
                    disabled={c.exec && !watched.includes(c.name)}
                    onChange={(e) => setChosen((x) => (e.target.checked ? [...x, c.name] : x.filter((y) => y !== c.name)))}
                  />{' '}
                  <strong>{c.name}</strong> <span className="muted small">{t('kubeSettings.cluster', { cluster: c.cluster, server: c.server ?? '—' })}</span>
                </label>
                {c.exec ? <span className="tag small"> {t('kubeSettings.configFileOnly')}</span> : null}{' '}
                {watched.includes(c.name) ? (
                  <button type="button" className="btn-small" onClick={() => test(c.name)}>
                    {t('settings.testConnection')}
                  </button>
                ) : null}
                {results[c.name] ? <span className="small"> {results[c.name]}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p className="muted small">{t('kubeSettings.execNote')}</p>
      <div className="form-actions">
        <button type="button" className="btn-primary" data-testid="kube-save" disabled={busy} onClick={save}>
          {t('settings.save')}
        </button>{' '}
        <SaveNote state={state} />
      </div>
    </>
  );
}
