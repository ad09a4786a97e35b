import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView, SshConfigHosts } from '../../../../shared/api';
import type { HostConfig, LabConfig } from '../../../../shared/config';
import { ConfirmDialog, Empty, Section, TableHead } from '../../components/ui';
import { useApi, useLab } from '../../store-context';
import { HostForm } from './host-form';
import { message, type SaveSettings } from './parts';

export function HostSettings({ view, save, reload }: { view: SettingsView; save: SaveSettings; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const hosts = view.config.hosts ?? [];
  const states = useLab((s) => s.snapshot.hosts);
  const [results, setResults] = useState<Record<string, string>>({});
  const [importing, setImporting] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const note = (name: string, text: string): void => setResults((r) => ({ ...r, [name]: text }));
  // The host whose form is open: its index, 'new' for one added by hand, null for none.
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const done = () => {
    setEditing(null);
    reload();
  };
  return (
    <Section
      id="host-settings"
      title={t('settings.hosts')}
      actions={
        <span className="inline">
        {editing === 'new' ? null : (
          <button type="button" onClick={() => setEditing('new')}>
            {t('settings.addHost')}
          </button>
        )}
        <button
          type="button"
          aria-expanded={importing}
          aria-controls={importing ? 'ssh-import' : undefined}
          onClick={() => {
            setAdded(null);
            setImporting((x) => !x);
          }}
        >
          {importing ? t('common.cancel') : t('settings.importSsh')}
        </button>
        </span>
      }
    >
      {importing ? (
        <SshImport
          config={view.config}
          onAdd={async (picked) => {
            await save({ ...view.config, hosts: [...hosts, ...picked] });
            setImporting(false);
            setAdded(picked.length);
          }}
        />
      ) : null}
      {added !== null ? (
        <p className="text-ok small" role="status">
          {t('settings.importAdded', { count: added })}
        </p>
      ) : null}
      {hosts.length === 0 ? <Empty>{t('settings.noHosts')}</Empty> : null}
      {hosts.length ? (
        <table className="table-plain">
          <TableHead columns={[t('settings.host'), t('settings.address'), t('settings.hostKey'), t('settings.wol'), t('guests.col.actions')]} />
          <tbody>
            {hosts.map((h) => {
              const seen = states.find((s) => s.name === h.name)?.hostKey ?? null;
              const pinned = h.ssh?.hostKey ?? null;
              return (
                <tr key={h.name} data-host={h.name}>
                  <td>
                    <strong>{h.name}</strong>
                  </td>
                  <td className="mono small">{h.ssh ? sshAddress(h.ssh) : '–'}</td>
                  <td className="mono small break">{pinned ?? (seen ? t('settings.seenKey', { fp: seen }) : t('settings.notPinned'))}</td>
                  <td className="mono small">{h.mac ?? '–'}</td>
                  <td className="nowrap">
                    {h.ssh ? (
                      <button type="button" className="btn-small" onClick={() => api?.testConnection({ kind: 'ssh', name: h.name }).then((r) => note(h.name, r.message), (e: unknown) => note(h.name, message(e)))}>
                        {t('settings.testConnection')}
                      </button>
                    ) : null}
                    {seen && seen !== pinned ? (
                      <button type="button" className="btn-small" onClick={() => api?.trustHostKey({ host: h.name, fingerprint: seen }).then(
                            () => {
                              note(h.name, t('settings.trusted'));
                              // The pin is in the config now: show it, and drop the button.
                              reload();
                            },
                            (e: unknown) => note(h.name, message(e)),
                          )}>
                        {t('settings.trustHostKey')}
                      </button>
                    ) : null}
                    {h.mac ? (
                      <button type="button" className="btn-small" onClick={() => api?.wake({ host: h.name }).then(() => note(h.name, t('settings.wakeSent')), (e: unknown) => note(h.name, message(e)))}>
                        {t('settings.wake')}
                      </button>
                    ) : null}
                    <button type="button" className="btn-small" onClick={() => setEditing(hosts.indexOf(h))}>
                      {t('settings.edit')}
                    </button>
                    <button type="button" className="btn-small btn-danger-quiet" onClick={() => setRemoving(h.name)}>
                      {t('settings.removeHost')}
                    </button>
                    {results[h.name] ? <span className="small"> {results[h.name]}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {editing !== null ? <HostForm key={editing} view={view} index={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} /> : null}
      <RemoveHost name={removing} onClose={() => setRemoving(null)} onRemoved={reload} onError={(name, text) => note(name, text)} />
    </Section>
  );
}

/** Asks before a host is removed; the core removes it as one checked change. */
function RemoveHost({ name, onClose, onRemoved, onError }: { name: string | null; onClose(): void; onRemoved(): void; onError(name: string, text: string): void }) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <ConfirmDialog
      open={name !== null}
      title={t('settings.removeHostTitle', { name: name ?? '' })}
      body={<p>{t('settings.removeHostBody')}</p>}
      confirm={t('settings.removeHost')}
      danger
      onClose={onClose}
      onConfirm={() => {
        if (name && api) api.removeHost({ name }).then(onRemoved, (e: unknown) => onError(name, message(e)));
      }}
    />
  );
}

const sshAddress = (ssh: NonNullable<HostConfig['ssh']>): string => `${ssh.user ? `${ssh.user}@` : ''}${ssh.host}${ssh.port ? `:${ssh.port}` : ''}`;

/** Hosts of ~/.ssh/config (read by the core; the page never names a file), ticked to be added to `hosts:`. */
function SshImport({ config, onAdd }: { config: LabConfig; onAdd(hosts: HostConfig[]): Promise<void> }) {
  const { t } = useTranslation();
  const api = useApi();
  const [found, setFound] = useState<SshConfigHosts | string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    api?.sshConfigHosts(undefined).then(setFound, (e: unknown) => setFound(message(e)));
  }, [api]);
  if (found === null) return <Empty>{t('app.loading')}</Empty>;
  if (typeof found === 'string') return <p className="text-crit small">{found}</p>;
  if (!found.found) return <Empty>{t('settings.importNoFile', { path: found.path })}</Empty>;
  if (found.hosts.length === 0) return <Empty>{t('settings.importNone', { path: found.path })}</Empty>;
  const toggle = (name: string): void =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const have = new Set((config.hosts ?? []).map((h) => h.name));
  return (
    <form
      id="ssh-import"
      className="settings-item"
      aria-labelledby="ssh-import-title"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = found.hosts.filter((c) => picked.has(c.host.name) && !have.has(c.host.name)).map((c) => c.host);
        if (chosen.length) onAdd(chosen).catch((x: unknown) => setErr(message(x)));
      }}
    >
      <h3 id="ssh-import-title" className="settings-subtitle">
        {t('settings.importFrom', { path: found.path })}
      </h3>
      <table className="table-plain">
        <TableHead columns={[<span className="sr-only">{t('settings.importCol')}</span>, t('settings.host'), t('settings.address'), t('settings.identityFile'), t('settings.importState')]} />
        <tbody>
          {found.hosts.map(({ host: h, configured }) => (
            <tr key={h.name} data-candidate={h.name} className={configured ? 'row-dim' : undefined}>
              <td>
                <input type="checkbox" aria-label={t('settings.importHost', { name: h.name })} disabled={configured} checked={configured || picked.has(h.name)} onChange={() => toggle(h.name)} />
              </td>
              <td>
                <strong>{h.name}</strong>
              </td>
              <td className="mono small">
                {h.ssh ? sshAddress(h.ssh) : '–'}
                {h.ssh?.proxyJump ? <span className="muted"> {t('settings.viaJump', { host: h.ssh.proxyJump })}</span> : null}
              </td>
              <td className="mono small break">{h.ssh?.identityFile ?? t('settings.defaultKeys')}</td>
              <td>{configured ? t('settings.alreadyConfigured') : t('settings.notConfigured')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('settings.importKeyNote')}</p>
      <div className="button-row">
        <button type="submit" className="btn-primary" disabled={picked.size === 0}>
          {t('settings.importAdd', { count: picked.size })}
        </button>
        {err ? <span className="text-crit small">{err}</span> : null}
      </div>
    </form>
  );
}
