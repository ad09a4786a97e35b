import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, SettingsView } from '../../../../shared/api';
import type { ProxmoxClusterConfig } from '../../../../shared/config';
import { useApi } from '../../store-context';
import { CertificateBox } from './certificate';
import { fieldErrors, itemField, type FieldErrors } from './field-errors';
import { message, SecretsKeptNote } from './parts';
import { FormProblems } from './form-problems';
import { TailnetEndpoints } from './endpoint-suggestions';

type Auth = 'token' | 'password';

const move = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
};

/** The secret reference a cluster logs in with: the one it has for that way of logging in, else a new one named after it. */
function secretRef(existing: ProxmoxClusterConfig | null, auth: Auth, name: string): string {
  const ref = auth === 'token' ? existing?.tokenSecret : existing?.password;
  return ref ? ref.slice('secret:'.length) : auth === 'token' ? `pve-${name}` : `pve-${name}-password`;
}

/** The cluster as the form describes it; what the form does not show (CA file, intervals, further pins) is kept. */
function clusterOf(existing: ProxmoxClusterConfig | null, f: { name: string; endpoints: string[]; auth: Auth; tokenId: string; username: string; fingerprint: string | null }): ProxmoxClusterConfig {
  const { tokenId: _t, tokenSecret: _s, username: _u, password: _p, fingerprint: _f, ...kept } = existing ?? { name: f.name, endpoints: [] };
  const ref = `secret:${secretRef(existing, f.auth, f.name)}`;
  return {
    ...kept,
    name: f.name.trim(),
    endpoints: f.endpoints.map((e) => e.trim()),
    ...(f.auth === 'token' ? { tokenId: f.tokenId.trim(), tokenSecret: ref } : { username: f.username.trim(), password: ref }),
    ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
  };
}

/**
 * Adds a cluster (`index` null) or edits the one at `index`. Saved as one checked
 * transaction: a refusal comes back `path: reason` per line and each line is shown
 * beside its field; what no field shows is listed on top. A secret typed here is
 * stored only if the save passes.
 */
export function ClusterForm({ view, index, onDone, onCancel }: { view: SettingsView; index: number | null; onDone(v: SettingsView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const existing = index === null ? null : (view.config.proxmox?.[index] ?? null);
  const [name, setName] = useState(existing?.name ?? '');
  const [endpoints, setEndpoints] = useState<string[]>(existing?.endpoints ?? ['https://']);
  const [auth, setAuth] = useState<Auth>(existing?.username && !existing.tokenId ? 'password' : 'token');
  const [tokenId, setTokenId] = useState(existing?.tokenId ?? '');
  const [username, setUsername] = useState(existing?.username ?? '');
  const [secret, setSecret] = useState('');
  const [fingerprint, setFingerprint] = useState<string | null>(existing?.fingerprint ?? null);
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, other: [] });
  const [busy, setBusy] = useState(false);
  const ref = secretRef(existing, auth, name.trim() || 'cluster');
  const known = ['name', ...endpoints.map((_, i) => `endpoints[${i}]`), 'endpoints', 'tokenId', 'tokenSecret', 'username', 'password', 'fingerprint'];
  const at = (field: string) => (errors.fields[field] ?? []).map((e) => (
    <span key={e} className="text-crit small field-error" role="alert">
      {e}
    </span>
  ));
  const id = (f: string) => `cluster-${index ?? 'new'}-${f}`;
  // A field's refusal goes once the field is changed; the next Save says again what is still wrong.
  const edited = (field: string) => (value: string) => {
    setErrors(({ fields: { [field]: _, ...rest }, other }) => ({ fields: rest, other }));
    return value;
  };
  const submit = async () => {
    const cluster = clusterOf(existing, { name, endpoints, auth, tokenId, username, fingerprint });
    const slot = index ?? view.config.proxmox?.length ?? 0;
    if (!api) return;
    setBusy(true);
    try {
      onDone(await api.saveCluster({ cluster, ...(existing ? { previous: existing.name } : {}), ...(secret ? { secrets: { [ref]: secret } } : {}) }));
    } catch (e) {
      setErrors(fieldErrors(message(e), itemField([`proxmox[${slot}]`, `proxmox[${existing?.name ?? cluster.name}]`, 'cluster'], known, { [`secrets.${ref}`]: auth === 'token' ? 'tokenSecret' : 'password' })));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="settings-item form-grid cluster-form"
      aria-label={existing ? t('settings.editClusterNamed', { name: existing.name }) : t('settings.addCluster')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormProblems lines={errors.other} />
      <label htmlFor={id('name')}>{t('settings.clusterName')}</label>
      <span className="field">
        <input id={id('name')} value={name} onChange={(e) => setName(edited('name')(e.target.value))} required aria-invalid={errors.fields.name ? true : undefined} />
        {at('name')}
      </span>
      <span className="form-label">{t('settings.endpoints')}</span>
      <EndpointList id={id} endpoints={endpoints} setEndpoints={setEndpoints} fingerprint={fingerprint} setFingerprint={setFingerprint} at={at} errors={errors} />
      <TailnetEndpoints id={id('tailnet')} endpoints={endpoints} add={(url) => setEndpoints((x) => [...x.filter((e) => e.trim() && e.trim() !== 'https://'), url])} />
      <span className="form-label">{t('settings.loginWith')}</span>
      <span className="inline" role="radiogroup" aria-label={t('settings.loginWith')}>
        <label>
          <input type="radio" name={id('auth')} checked={auth === 'token'} onChange={() => setAuth('token')} /> {t('settings.authToken')}
        </label>
        <label>
          <input type="radio" name={id('auth')} checked={auth === 'password'} onChange={() => setAuth('password')} /> {t('settings.authPassword')}
        </label>
      </span>
      {auth === 'token' ? (
        <>
          <label htmlFor={id('token')}>{t('settings.tokenId')}</label>
          <span className="field">
            <input id={id('token')} value={tokenId} placeholder="labtray@pve!tray" onChange={(e) => setTokenId(edited('tokenId')(e.target.value))} required aria-invalid={errors.fields.tokenId ? true : undefined} />
            {at('tokenId')}
          </span>
        </>
      ) : (
        <>
          <label htmlFor={id('user')}>{t('settings.username')}</label>
          <span className="field">
            <input id={id('user')} value={username} placeholder="root@pam" onChange={(e) => setUsername(edited('username')(e.target.value))} required aria-invalid={errors.fields.username ? true : undefined} />
            {at('username')}
          </span>
        </>
      )}
      <label htmlFor={id('secret')}>{auth === 'token' ? t('settings.tokenSecret') : t('settings.password')}</label>
      <span className="field">
        <input
          id={id('secret')}
          type="password"
          autoComplete="off"
          value={secret}
          placeholder={view.secrets.some((s) => s.name === ref && s.stored) ? t('settings.secretKeep') : ''}
          onChange={(e) => setSecret(edited(auth === 'token' ? 'tokenSecret' : 'password')(e.target.value))}
        />
        {at(auth === 'token' ? 'tokenSecret' : 'password')}
        <SecretsKeptNote persist={view.secretsPersist} />
      </span>
      <span />
      <span className="inline">
        <button type="submit" className="btn-primary" disabled={busy}>
          {t('settings.saveCluster')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </span>
    </form>
  );
}

/** The endpoints in the order they are tried, each with its own "Fetch certificate" (first contact sends nothing). */
function EndpointList({ id, endpoints, setEndpoints, fingerprint, setFingerprint, at, errors }: { id(f: string): string; endpoints: string[]; setEndpoints(e: string[]): void; fingerprint: string | null; setFingerprint(fp: string): void; at(field: string): ReactNode; errors: FieldErrors }) {
  const { t } = useTranslation();
  const api = useApi();
  const [cert, setCert] = useState<{ at: number; info: CertificateInfo | string } | null>(null);
  return (
    <span className="field">
      <span className="muted small">{t('settings.endpointsOrder')}</span>
      {endpoints.map((url, i) => (
        <span className="field" key={i}>
          <span className="inline endpoint-row">
            <input
              id={id(`endpoint-${i}`)}
              aria-label={t('settings.endpointN', { n: i + 1 })}
              type="url"
              value={url}
              onChange={(e) => setEndpoints(endpoints.map((x, j) => (j === i ? e.target.value : x)))}
              required
              aria-invalid={errors.fields[`endpoints[${i}]`] ? true : undefined}
            />
            <button type="button" aria-label={t('settings.moveUpN', { n: i + 1 })} disabled={i === 0} onClick={() => setEndpoints(move(endpoints, i, i - 1))}>
              ↑
            </button>
            <button type="button" aria-label={t('settings.moveDownN', { n: i + 1 })} disabled={i === endpoints.length - 1} onClick={() => setEndpoints(move(endpoints, i, i + 1))}>
              ↓
            </button>
            <button type="button" aria-label={t('settings.removeEndpointN', { n: i + 1 })} disabled={endpoints.length === 1} onClick={() => setEndpoints(endpoints.filter((_, j) => j !== i))}>
              ×
            </button>
            <button type="button" onClick={() => api?.fetchCertificate({ url: url.trim() }).then((info) => setCert({ at: i, info }), (x: unknown) => setCert({ at: i, info: message(x) }))}>
              {t('settings.fetchCertificate')}
            </button>
          </span>
          {at(`endpoints[${i}]`)}
          {cert?.at === i ? (
            <span className="field">
              <span className="muted small">{t('settings.fetchNote')}</span>
              <CertificateBox cert={cert.info} pinned={fingerprint} onTrust={setFingerprint} />
            </span>
          ) : null}
        </span>
      ))}
      {at('endpoints')}
      {at('fingerprint')}
      <span className="inline">
        <button type="button" onClick={() => setEndpoints([...endpoints, 'https://'])}>
          {t('settings.addEndpoint')}
        </button>
        <span className="small muted mono break">{fingerprint ? t('settings.willPin', { fp: fingerprint }) : t('settings.notPinned')}</span>
      </span>
    </span>
  );
}
