import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, ConnectionTestResult, SettingsView } from '../../../../shared/api';
import type { ProxmoxClusterConfig } from '../../../../shared/config';
import { formatLatency } from '../../../../shared/units';
import { Empty, Section, StatusDot } from '../../components/ui';
import { useApi } from '../../store-context';
import { CertificateBox } from './certificate';
import { message, type SaveSettings, type SaveState } from './parts';

export function ProxmoxSettings({ view, save, reload }: { view: SettingsView; save: SaveSettings; reload(): void }) {
  const { t } = useTranslation();
  const clusters = view.config.proxmox ?? [];
  const [adding, setAdding] = useState(false);
  return (
    <Section id="proxmox-settings" title={t('settings.proxmox')} actions={<button type="button" onClick={() => setAdding((a) => !a)}>{adding ? t('common.cancel') : t('settings.addCluster')}</button>}>
      {clusters.length === 0 && !adding ? <Empty>{t('settings.noClusters')}</Empty> : null}
      {clusters.map((c) => (
        <ClusterRow
          key={c.name}
          cluster={c}
          secretStored={view.secrets.find((s) => s.name === secretName(c))?.stored ?? false}
          reload={reload}
          onSetSecret={(value) => {
            const ref = secretName(c);
            return ref ? save(view.config, { [ref]: value }) : Promise.resolve();
          }}
        />
      ))}
      {adding ? (
        <AddCluster
          onSave={async (c, secrets) => {
            await save({ ...view.config, proxmox: [...clusters, c] }, secrets);
            setAdding(false);
          }}
        />
      ) : null}
    </Section>
  );
}

/** The name of the stored secret a cluster logs in with (its token secret, else its password). */
function secretName(c: ProxmoxClusterConfig): string | null {
  const ref = c.tokenSecret ?? c.password;
  return ref ? ref.slice('secret:'.length) : null;
}

function ClusterRow({ cluster, secretStored, reload, onSetSecret }: { cluster: ProxmoxClusterConfig; secretStored: boolean; reload(): void; onSetSecret(value: string): Promise<void> }) {
  const { t } = useTranslation();
  const api = useApi();
  const [test, setTest] = useState<ConnectionTestResult | string | null>(null);
  const [cert, setCert] = useState<CertificateInfo | string | null>(null);
  const [settingSecret, setSettingSecret] = useState(false);
  const [secretNote, setSecretNote] = useState<SaveState | null>(null);
  return (
    <div className="settings-item">
      <div className="settings-item-head">
        <strong>{cluster.name}</strong>
        <span className="muted mono small">{cluster.endpoints.join(', ')}</span>
      </div>
      <dl className="kv kv-wide">
        <dt>{t('settings.fingerprint')}</dt>
        <dd className="mono small break">{cluster.fingerprint ?? (cluster.caFile ? t('settings.caFile', { file: cluster.caFile }) : t('settings.notPinned'))}</dd>
        <dt>{t('settings.token')}</dt>
        <dd data-testid="secret-state">
          {cluster.tokenId ?? cluster.username ?? '–'} · <span className={secretStored ? undefined : 'text-crit'}>{secretStored ? t('settings.secretStored') : t('settings.secretMissing')}</span>
        </dd>
      </dl>
      {settingSecret ? (
        <SecretForm
          id={`secret-${cluster.name}`}
          label={t('settings.newSecretFor', { cluster: cluster.name })}
          onCancel={() => setSettingSecret(false)}
          onSave={(value) =>
            onSetSecret(value).then(
              () => {
                setSettingSecret(false);
                setSecretNote({ ok: true, text: t('settings.secretSaved') });
              },
              (e: unknown) => setSecretNote({ ok: false, text: message(e) }),
            )
          }
        />
      ) : null}
      <div className="button-row">
        {settingSecret ? null : (
          <button
            type="button"
            onClick={() => {
              setSecretNote(null);
              setSettingSecret(true);
            }}
          >
            {secretStored ? t('settings.replaceSecret') : t('settings.setSecret')}
          </button>
        )}
        <button type="button" onClick={() => api?.testConnection({ kind: 'proxmox', name: cluster.name }).then(setTest, (e: unknown) => setTest(message(e)))}>
          {t('settings.testConnection')}
        </button>
        <button type="button" onClick={() => api?.fetchCertificate({ url: cluster.endpoints[0] }).then(setCert, (e: unknown) => setCert(message(e)))}>
          {t('settings.fetchCertificate')}
        </button>
        {test ? <TestResult result={test} /> : null}
        {secretNote ? (
          <span className={`small ${secretNote.ok ? 'text-ok' : 'text-crit'}`} role="status">
            {secretNote.text}
          </span>
        ) : null}
      </div>
      {cert ? (
        <CertificateBox
          cert={cert}
          pinned={cluster.fingerprint ?? null}
          onTrust={(fp) =>
            api?.trustCertificate({ cluster: cluster.name, fingerprint: fp }).then(
              () => {
                setCert(null);
                reload();
              },
              (e: unknown) => setCert(message(e)),
            )
          }
        />
      ) : null}
    </div>
  );
}

/** A write-only secret field: the value goes to the core once and is never shown back. */
function SecretForm({ id, label, onSave, onCancel }: { id: string; label: string; onSave(value: string): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form-grid secret-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!value) return;
        setBusy(true);
        void onSave(value).finally(() => {
          setBusy(false);
          setValue('');
        });
      }}
    >
      <label htmlFor={id}>{label}</label>
      <span className="inline">
        <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
        <button type="submit" className="btn-primary" disabled={busy || !value}>
          {t('settings.storeSecret')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </span>
    </form>
  );
}

function TestResult({ result }: { result: ConnectionTestResult | string }) {
  if (typeof result === 'string') return <span className="text-crit small">{result}</span>;
  return (
    <span className={result.ok ? 'text-ok small' : 'text-crit small'}>
      <StatusDot status={result.ok ? 'ok' : 'crit'} /> {result.message} {result.latencyMs !== null ? `(${formatLatency(result.latencyMs)})` : ''}
    </span>
  );
}

function AddCluster({ onSave }: { onSave(c: ProxmoxClusterConfig, secrets: Record<string, string>): Promise<void> }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('home');
  const [url, setUrl] = useState('https://');
  const [tokenId, setTokenId] = useState('root@pam!labtray');
  const [secret, setSecret] = useState('');
  const [cert, setCert] = useState<CertificateInfo | string | null>(null);
  const [trusted, setTrusted] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const ref = `pve-${name}`;
  return (
    <form
      className="settings-item form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        if (!trusted) return setErr(t('settings.trustFirst'));
        onSave({ name, endpoints: [url], tokenId, tokenSecret: `secret:${ref}`, fingerprint: trusted }, { [ref]: secret }).catch((x: unknown) => setErr(message(x)));
      }}
    >
      <label htmlFor="add-name">{t('settings.clusterName')}</label>
      <input id="add-name" value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9_.\-]+" />
      <label htmlFor="add-url">{t('settings.endpoint')}</label>
      <span className="inline">
        <input id="add-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
        <button type="button" onClick={() => api?.fetchCertificate({ url }).then(setCert, (x: unknown) => setCert(message(x)))}>
          {t('settings.fetchCertificate')}
        </button>
      </span>
      {cert ? (
        <div className="span-2">
          {trusted ? <p className="text-ok small">{t('settings.willPin', { fp: trusted })}</p> : <CertificateBox cert={cert} pinned={null} onTrust={setTrusted} />}
        </div>
      ) : null}
      <label htmlFor="add-token">{t('settings.tokenId')}</label>
      <input id="add-token" value={tokenId} onChange={(e) => setTokenId(e.target.value)} required />
      <label htmlFor="add-secret">{t('settings.tokenSecret')}</label>
      <input id="add-secret" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} required />
      <span />
      <span className="inline">
        <button type="submit" className="btn-primary">
          {t('settings.saveCluster')}
        </button>
        {err ? <span className="text-crit small">{err}</span> : null}
      </span>
    </form>
  );
}
