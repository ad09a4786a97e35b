import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/api';
import { Empty, Section } from '../../components/ui';
import { useApi } from '../../store-context';
import { message } from './parts';

export function KubeSettings({ view }: { view: SettingsView }) {
  const { t } = useTranslation();
  const api = useApi();
  const k = view.config.kubernetes;
  const [results, setResults] = useState<Record<string, string>>({});
  const contexts = k?.contexts ?? [];
  return (
    <Section id="kube-settings" title={t('settings.kube')}>
      {!k ? (
        <Empty>{t('settings.noKube')}</Empty>
      ) : (
        <>
          <p className="muted small mono">{Array.isArray(k.kubeconfig) ? k.kubeconfig.join(', ') : (k.kubeconfig ?? '~/.kube/config')}</p>
          <ul className="plain-list">
            {(contexts.length ? contexts : [t('settings.allContexts')]).map((c) => (
              <li key={c}>
                {c}{' '}
                {contexts.length ? (
                  <button type="button" className="btn-small" onClick={() => api?.testConnection({ kind: 'kubernetes', name: c }).then((r) => setResults((x) => ({ ...x, [c]: r.message })), (e: unknown) => setResults((x) => ({ ...x, [c]: message(e) })))}>
                    {t('settings.testConnection')}
                  </button>
                ) : null}
                {results[c] ? <span className="small"> {results[c]}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
