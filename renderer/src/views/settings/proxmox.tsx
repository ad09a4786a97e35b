import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, ConnectionTestResult, SettingsView } from '../../../../shared/api';
import type { ProxmoxClusterConfig } from '../../../../shared/config';
import { pveumCommands } from '../../../../shared/pve-privileges';
import { formatLatency } from '../../../../shared/units';
import { CopyButton } from '../../components/copy-button';
import { ConfirmDialog, Empty, Section, StatusDot } from '../../components/ui';
import { useApi } from '../../store-context';
import { CertificateBox } from './certificate';
import { ClusterForm } from './cluster-form';
import { message, SecretsKeptNote, type SaveSettings, type SaveState } from './parts';

export function ProxmoxSettings({ view, save, reload }: { view: SettingsView; save: SaveSettings; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const clusters = view.config.proxmox ?? [];
  // The cluster whose form is open: its index, 'new' for one being added, null for none.
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const done = () => {
    setEditing(null);
    reload();
  };
  return (
    <Section
      id="proxmox-settings"
      title={t('settings.proxmox')}
      actions={
        editing === 'new' ? null : (
          <button type="button" onClick={() => setEditing('new')}>
            {t('settings.addCluster')}
          </button>
        )
      }
    >
      {clusters.length === 0 && editing !== 'new' ? <Empty>{t('settings.noClusters')}</Empty> : null}
      {removeError ? <p className="text-crit small" role="alert">{removeError}</p> : null}
      {clusters.map((c, i) =>
        editing === i ? (
          <ClusterForm key={c.name} view={view} index={i} onDone={done} onCancel={() => setEditing(null)} />
        ) : (
          <ClusterRow
            key={c.name}
            cluster={c}
            secretStored={view.secrets.find((s) => s.name === secretName(c))?.stored ?? false}
            secretsPersist={view.secretsPersist}
            reload={reload}
            onEdit={() => setEditing(i)}
            onRemove={() => {
              setRemoveError(null);
              setRemoving(c.name);
            }}
            onSetSecret={(value) => {
              const ref = secretName(c);
              return ref ? save(view.config, { [ref]: value }) : Promise.resolve();
            }}
          />
        ),
      )}
      {editing === 'new' ? <ClusterForm view={view} index={null} onDone={done} onCancel={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('settings.removeClusterTitle', { name: removing ?? '' })}
        body={<p>{t('settings.removeClusterBody')}</p>}
        confirm={t('settings.removeCluster')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const name = removing;
          setRemoving(null);
          if (name && api) api.removeCluster({ name }).then(reload, (e: unknown) => setRemoveError(message(e)));
        }}
      />
    </Section>
  );
}

/** The name of the stored secret a cluster logs in with (its token secret, else its password). */
function secretName(c: ProxmoxClusterConfig): string | null {
  const ref = c.tokenSecret ?? c.password;
  return ref ? ref.slice('secret:'.length) : null;
}

function ClusterRow({ cluster, secretStored, secretsPersist, reload, onEdit, onRemove, onSetSecret }: { cluster: ProxmoxClusterConfig; secretStored: boolean; secretsPersist?: boolean; reload(): void; onEdit(): void; onRemove(): void; onSetSecret(value: string): Promise<void> }) {
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
          persist={secretsPersist}
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
        <button type="button" onClick={onEdit}>
          {t('settings.edit')}
        </button>
        <button type="button" className="btn-danger" onClick={onRemove}>
          {t('settings.removeCluster')}
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
function SecretForm({ id, label, persist, onSave, onCancel }: { id: string; label: string; persist?: boolean; onSave(value: string): Promise<void>; onCancel(): void }) {
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
      <span />
      <SecretsKeptNote persist={persist} />
    </form>
  );
}

function TestResult({ result }: { result: ConnectionTestResult | string }) {
  const { t } = useTranslation();
  if (typeof result === 'string') return <span className="text-crit small">{result}</span>;
  return (
    <span className="field test-result" role="status">
      <span className={result.ok ? 'text-ok small' : 'text-crit small'}>
        <StatusDot status={result.ok ? 'ok' : 'crit'} /> {result.message} {result.latencyMs !== null ? `(${formatLatency(result.latencyMs)})` : ''}
      </span>
      {result.nodes ? <span className="small">{t('settings.nodesFound', { count: result.nodes.length, nodes: result.nodes })}</span> : null}
      {result.missing?.length === 0 ? <span className="small text-ok">{t('settings.permsAll')}</span> : null}
      {result.missing?.map((m) => (
        <span key={m.feature} className="small text-warn">
          {m.partly
            ? t(m.partly.on === 'guests' ? 'settings.lacksFeatureOnSomeGuests' : 'settings.lacksFeatureOnSomeNodes', { feature: t(`settings.feature.${m.feature}`), privileges: m.privileges, held: m.partly.held, of: m.partly.of })
            : t('settings.lacksFeature', { feature: t(`settings.feature.${m.feature}`), privileges: m.privileges })}
        </span>
      ))}
      {result.missing?.length ? <LeastPrivilege /> : null}
    </span>
  );
}

/** The `pveum` commands that give LabTray a role with exactly what it uses and a token of its own, ready to copy. */
export function LeastPrivilege() {
  const { t } = useTranslation();
  return (
    <details className="least-privilege">
      <summary>{t('settings.leastPrivilege')}</summary>
      <p className="small muted">{t('settings.leastPrivilegeNote')}</p>
      <CopyButton text={`${pveumCommands().join('\n')}\n`} label={t('settings.copyCommands')} />
      <pre className="mono small copyable" tabIndex={0}>
        {pveumCommands().join('\n')}
      </pre>
    </details>
  );
}
