import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/api';
import type { HostConfig } from '../../../../shared/config';
import { useApi } from '../../store-context';
import { fieldErrors, itemField, type FieldErrors } from './field-errors';
import { message } from './parts';
import { FormProblems } from './form-problems';

const KNOWN = ['name', 'ssh.host', 'ssh.port', 'ssh.user', 'ssh.identityFile', 'ssh', 'mac', 'broadcast', 'wakeRelay'];

/** The host as the form describes it; what the form does not show (identity file, host key pin, jump host, links) is kept. */
function hostOf(existing: HostConfig | null, f: { name: string; address: string; port: string; user: string; identityFile: string; mac: string; broadcast: string; wakeRelay: boolean }): HostConfig {
  const { ssh: oldSsh, mac: _m, broadcast: _b, wakeRelay: _w, ...kept } = existing ?? { name: f.name };
  const port = f.port.trim() ? Number(f.port.trim()) : undefined;
  const { host: _h, port: _p, user: _u, identityFile: _i, ...sshKept } = oldSsh ?? { host: '' };
  // A host key pinned for another address is not this address's key: a new address starts a new first contact.
  const sameAddress = oldSsh?.host === f.address.trim();
  const ssh = f.address.trim() ? { ...(sameAddress ? sshKept : { ...sshKept, hostKey: undefined }), host: f.address.trim(), ...(port !== undefined ? { port } : {}), ...(f.user.trim() ? { user: f.user.trim() } : {}), ...(f.identityFile.trim() ? { identityFile: f.identityFile.trim() } : {}) } : undefined;
  if (ssh && ssh.hostKey === undefined) delete ssh.hostKey;
  return {
    ...kept,
    name: f.name.trim(),
    ...(ssh ? { ssh } : {}),
    ...(f.mac.trim() ? { mac: f.mac.trim().toLowerCase() } : {}),
    ...(f.broadcast.trim() ? { broadcast: f.broadcast.trim() } : {}),
    ...(f.wakeRelay ? { wakeRelay: true } : {}),
  };
}

/** Adds a host by hand (`index` null) or edits the one at `index`; a refusal is shown beside its field, as for clusters. */
export function HostForm({ view, index, onDone, onCancel }: { view: SettingsView; index: number | null; onDone(v: SettingsView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const existing = index === null ? null : (view.config.hosts?.[index] ?? null);
  const [f, setF] = useState({
    name: existing?.name ?? '',
    address: existing?.ssh?.host ?? '',
    port: existing?.ssh?.port?.toString() ?? '',
    user: existing?.ssh?.user ?? '',
    identityFile: existing?.ssh?.identityFile ?? '',
    mac: existing?.mac ?? '',
    broadcast: existing?.broadcast ?? '',
    wakeRelay: existing?.wakeRelay ?? false,
  });
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, other: [] });
  const [busy, setBusy] = useState(false);
  const id = (x: string) => `host-${index ?? 'new'}-${x}`;
  const set = (key: keyof typeof f, field: string) => (value: string | boolean) => {
    setF((old) => ({ ...old, [key]: value }));
    setErrors(({ fields: { [field]: _, ...rest }, other }) => ({ fields: rest, other }));
  };
  const at = (field: string) =>
    (errors.fields[field] ?? []).map((e) => (
      <span key={e} className="text-crit small field-error" role="alert">
        {e}
      </span>
    ));
  const text = (key: 'name' | 'address' | 'port' | 'user' | 'identityFile' | 'mac' | 'broadcast', field: string, label: string, extra: { placeholder?: string; inputMode?: 'numeric'; required?: boolean } = {}) => (
    <>
      <label htmlFor={id(key)}>{label}</label>
      <span className="field">
        <input id={id(key)} value={f[key]} onChange={(e) => set(key, field)(e.target.value)} aria-invalid={errors.fields[field] ? true : undefined} {...extra} />
        {at(field)}
      </span>
    </>
  );
  const submit = async () => {
    if (!api) return;
    const host = hostOf(existing, f);
    const slot = index ?? view.config.hosts?.length ?? 0;
    setBusy(true);
    try {
      onDone(await api.saveHost({ host, ...(existing ? { previous: existing.name } : {}) }));
    } catch (e) {
      setErrors(fieldErrors(message(e), itemField([`hosts[${slot}]`, `hosts[${existing?.name ?? host.name}]`, 'host'], KNOWN)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="settings-item form-grid cluster-form host-form"
      aria-label={existing ? t('settings.editHostNamed', { name: existing.name }) : t('settings.addHost')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormProblems lines={errors.other} />
      {text('name', 'name', t('settings.clusterName'), { required: true })}
      {text('address', 'ssh.host', t('settings.sshAddress'), { placeholder: 'orangepi5.lan' })}
      {text('port', 'ssh.port', t('settings.sshPort'), { placeholder: '22', inputMode: 'numeric' })}
      {text('user', 'ssh.user', t('settings.username'))}
      {text('identityFile', 'ssh.identityFile', t('settings.identityFile'), { placeholder: t('settings.defaultKeys') })}
      {text('mac', 'mac', t('settings.wolMac'), { placeholder: 'aa:bb:cc:dd:ee:ff' })}
      {text('broadcast', 'broadcast', t('settings.wolBroadcast'), { placeholder: '255.255.255.255' })}
      <span />
      <span className="field">
        <label>
          <input type="checkbox" checked={f.wakeRelay} onChange={(e) => set('wakeRelay', 'wakeRelay')(e.target.checked)} /> {t('settings.wolRelay')}
        </label>
        {at('wakeRelay')}
      </span>
      <span />
      <span className="muted small">{t('settings.hostKeyNote')}</span>
      <span />
      <span className="inline">
        <button type="submit" className="btn-primary" disabled={busy}>
          {t('settings.saveHost')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </span>
    </form>
  );
}
