import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, ConnectionTestResult, SettingsView, SshConfigHosts } from '../../../shared/api';
import type { HostConfig, LabConfig, ProxmoxClusterConfig, UiConfig } from '../../../shared/config';
import { Empty, Section, StatusDot, TableHead } from '../components/ui';
import { sameCertFingerprint } from '../../../shared/fingerprint';
import type { LanguageChoice } from '../../../shared/language';
import type { UserPrefs } from '../../../shared/snapshot';
import { formatLatency } from '../../../shared/units';
import { currentPrefs, savePrefs, withSavedPrefs } from '../prefs';
import { languageChoice, themeChoice } from '../selectors';
import { applyDraft, checkBroadcast, checkMac, draftOf, relaysFor, type MacProblem, type WolDraft } from '../wol-form';
import { useApi, useLab, useLabStore } from '../store-context';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

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
          <KubeSettings view={view} />
          <Polling view={view} save={save} />
          <QuietHours view={view} save={save} />
        </>
      ) : (
        <Empty>{t('app.loading')}</Empty>
      )}
    </div>
  );
}

function Appearance({ config, save }: { config: LabConfig | null; save(c: LabConfig): Promise<void> }) {
  const { t } = useTranslation();
  const api = useApi();
  const store = useLabStore();
  const language = useLab(languageChoice);
  const theme = useLab(themeChoice);
  const choose = (patch: Partial<UserPrefs>): void => {
    if (api) void savePrefs(api, store, patch, t('app.prefsNotSaved'));
  };
  const [err, setErr] = useState<string | null>(null);
  return (
    <Section id="appearance" title={t('settings.appearance')}>
      <div className="form-grid">
        <label htmlFor="set-language">{t('settings.language')}</label>
        <select id="set-language" value={language} disabled={!api} onChange={(e) => choose({ language: e.target.value as LanguageChoice })}>
          <option value="system">{t('settings.followSystem')}</option>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
        <label htmlFor="set-theme">{t('settings.theme')}</label>
        <select id="set-theme" value={theme} disabled={!api} onChange={(e) => choose({ theme: e.target.value as UserPrefs['theme'] })}>
          <option value="system">{t('settings.followSystem')}</option>
          <option value="light">{t('settings.light')}</option>
          <option value="dark">{t('settings.dark')}</option>
        </select>
        <label htmlFor="set-login">{t('settings.startAtLogin')}</label>
        <span>
          <input
            id="set-login"
            type="checkbox"
            disabled={!config}
            checked={config?.ui?.startAtLogin ?? false}
            onChange={(e) => {
              if (config) save({ ...config, ui: { ...config.ui, startAtLogin: e.target.checked } }).catch((x: unknown) => setErr(message(x)));
            }}
          />
          {err ? <span className="text-crit small"> {err}</span> : null}
        </span>
      </div>
    </Section>
  );
}

function ProxmoxSettings({ view, save, reload }: { view: SettingsView; save(c: LabConfig, s?: Record<string, string>): Promise<void>; reload(): void }) {
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
  const [secretNote, setSecretNote] = useState<{ ok: boolean; text: string } | null>(null);
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

function CertificateBox({ cert, pinned, onTrust }: { cert: CertificateInfo | string; pinned: string | null; onTrust(fp: string): void }) {
  const { t } = useTranslation();
  if (typeof cert === 'string') return <p className="text-crit small">{cert}</p>;
  const same = sameCertFingerprint(pinned, cert.fingerprint);
  return (
    <div className={`cert ${same ? 'cert-same' : 'cert-new'}`} role="group" aria-label={t('settings.certificate')}>
      <dl className="kv kv-wide">
        <dt>{t('settings.fingerprint')}</dt>
        <dd className="mono small break">{cert.fingerprint}</dd>
        <dt>{t('settings.subject')}</dt>
        <dd>{cert.subject}</dd>
        <dt>{t('settings.issuer')}</dt>
        <dd>{cert.issuer}</dd>
        <dt>{t('settings.valid')}</dt>
        <dd>
          {cert.validFrom} – {cert.validTo}
        </dd>
      </dl>
      {same ? (
        <p className="text-ok small">{t('settings.certMatches')}</p>
      ) : (
        <>
          <p className="text-warn small">{pinned ? t('settings.certChanged') : t('settings.certCompare')}</p>
          <button type="button" className="btn-primary" onClick={() => onTrust(cert.fingerprint)}>
            {t('settings.trust')}
          </button>
        </>
      )}
    </div>
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

function HostSettings({ view, save, reload }: { view: SettingsView; save(c: LabConfig): Promise<void>; reload(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const hosts = view.config.hosts ?? [];
  const states = useLab((s) => s.snapshot.hosts);
  const [results, setResults] = useState<Record<string, string>>({});
  const [importing, setImporting] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const note = (name: string, text: string): void => setResults((r) => ({ ...r, [name]: text }));
  return (
    <Section
      id="host-settings"
      title={t('settings.hosts')}
      actions={
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
                    {results[h.name] ? <span className="small"> {results[h.name]}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function macMessage(t: TFunction, p: MacProblem): string {
  switch (p.kind) {
    case 'chars':
      return t('settings.wolMacChars', { chars: p.chars });
    case 'count':
      return t('settings.wolMacCount', { count: p.count });
    case 'layout':
      return t('settings.wolMacLayout');
    case 'group':
      return t('settings.wolMacGroup', { mac: p.mac });
  }
}

/**
 * Wake-on-LAN per host: its MAC, the broadcast address the packet goes to at home, and
 * whether it relays wake-ups for the others when the user is away (SSH hosts only).
 */
function WakeOnLan({ view, save }: { view: SettingsView; save(c: LabConfig): Promise<void> }) {
  const { t } = useTranslation();
  const hosts = view.config.hosts ?? [];
  const clusters = useLab((s) => s.snapshot.proxmox);
  // Only what the user changed is held here, so hosts added meanwhile (an import) show their saved values.
  const [edits, setEdits] = useState<Record<string, Partial<WolDraft>>>({});
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const draft = (h: HostConfig): WolDraft => ({ ...draftOf(h), ...edits[h.name] });
  const edit = (name: string, change: Partial<WolDraft>): void => {
    setState(null);
    setEdits((e) => ({ ...e, [name]: { ...e[name], ...change } }));
  };
  const rows = hosts.map((h) => {
    const d = draft(h);
    return { host: h, draft: d, mac: checkMac(d.mac), broadcast: checkBroadcast(d.broadcast) };
  });
  const relayHosts = rows.map((r) => ({ name: r.host.name, relay: r.draft.relay, ssh: r.host.ssh !== undefined }));
  const pveNodes = clusters.flatMap((c) => c.nodes.map((n) => ({ cluster: c.name, node: n.name })));
  const invalid = rows.some((r) => !r.mac.ok || !r.broadcast.ok);
  const away = (h: HostConfig, d: WolDraft, hasMac: boolean): string => {
    const pve = pveNodes.find((n) => n.node === h.name);
    const relays = hasMac ? relaysFor(h.name, relayHosts) : [];
    const ways = [pve ? t('settings.wolViaPve', { cluster: pve.cluster }) : null, relays.length ? t('settings.wolViaRelays', { relays: relays.join(', ') }) : null].filter((w): w is string => w !== null);
    if (ways.length) return ways.join('; ');
    if (hasMac) return t('settings.wolAtHomeOnly');
    // A MAC still being typed: say nothing until it is one.
    return d.mac.trim() ? '–' : t('settings.wolCannotWake');
  };
  return (
    <Section id="wol-settings" title={t('settings.wolTitle')}>
      <p className="muted small">{t('settings.wolIntro')}</p>
      {hosts.length === 0 ? <Empty>{t('settings.noHosts')}</Empty> : null}
      {hosts.length ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (invalid) return setState({ ok: false, text: t('settings.wolFixFirst') });
            save({ ...view.config, hosts: rows.map((r) => applyDraft(r.host, r.draft)) }).then(
              () => {
                setEdits({});
                setState({ ok: true, text: t('settings.saved') });
              },
              (x: unknown) => setState({ ok: false, text: message(x) }),
            );
          }}
        >
          <table className="table-plain">
            <TableHead columns={[t('settings.host'), t('settings.wolMac'), t('settings.wolBroadcast'), t('settings.wolRelay'), t('settings.wolAway')]} />
            <tbody>
              {rows.map(({ host: h, draft: d, mac, broadcast }) => {
                const macHelp = `wol-mac-help-${h.name}`;
                const bcHelp = `wol-bc-help-${h.name}`;
                return (
                  <tr key={h.name} data-wol={h.name}>
                    <td>
                      <strong>{h.name}</strong>
                    </td>
                    <td>
                      <CheckedInput size={17} placeholder="aa:bb:cc:dd:ee:ff" label={t('settings.wolMacOf', { name: h.name })} value={d.mac} onChange={(v) => edit(h.name, { mac: v })} helpId={macHelp} testId="mac-problem" problem={mac.ok ? null : macMessage(t, mac.problem)} />
                    </td>
                    <td>
                      <CheckedInput size={15} placeholder="255.255.255.255" label={t('settings.wolBroadcastOf', { name: h.name })} value={d.broadcast} onChange={(v) => edit(h.name, { broadcast: v })} helpId={bcHelp} testId="broadcast-problem" problem={broadcast.ok ? null : t('settings.wolBroadcastBad')} />
                    </td>
                    <td>
                      {h.ssh ? (
                        <input type="checkbox" aria-label={t('settings.wolRelayOf', { name: h.name })} checked={d.relay} onChange={(e) => edit(h.name, { relay: e.target.checked })} />
                      ) : (
                        <span className="muted small">{t('settings.wolRelayNeedsSsh')}</span>
                      )}
                    </td>
                    <td className="small" data-testid="wol-away">
                      {away(h, d, mac.ok && mac.mac !== null)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {pveNodes.length ? <p className="muted small">{t('settings.wolPveNote', { nodes: pveNodes.map((n) => n.node).join(', ') })}</p> : null}
          <div className="button-row">
            <button type="submit">{t('settings.save')}</button>
            <SaveNote state={state} />
          </div>
        </form>
      ) : null}
    </Section>
  );
}

/** The outcome of a Save: "Saved." or why not, announced to screen readers. */
function SaveNote({ state }: { state: { ok: boolean; text: string } | null }) {
  return state ? (
    <span className={`small ${state.ok ? '' : 'text-crit'}`} role="status">
      {state.text}
    </span>
  ) : null;
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

function KubeSettings({ view }: { view: SettingsView }) {
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

function Polling({ view, save }: { view: SettingsView; save(c: LabConfig): Promise<void> }) {
  const { t } = useTranslation();
  const [fast, setFast] = useState(String((view.config.ui?.fastInterval ?? 10_000) / 1000));
  const [slow, setSlow] = useState(String((view.config.ui?.slowInterval ?? 60_000) / 1000));
  const [state, setState] = useState<string | null>(null);
  return (
    <Section id="polling" title={t('settings.polling')}>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save({ ...view.config, ui: { ...view.config.ui, fastInterval: Math.round(Number(fast) * 1000), slowInterval: Math.round(Number(slow) * 1000) } }).then(
            () => setState(t('settings.saved')),
            (x: unknown) => setState(message(x)),
          );
        }}
      >
        <label htmlFor="poll-fast">{t('settings.fastInterval')}</label>
        <input id="poll-fast" type="number" min={2} max={3600} value={fast} onChange={(e) => setFast(e.target.value)} />
        <label htmlFor="poll-slow">{t('settings.slowInterval')}</label>
        <input id="poll-slow" type="number" min={10} max={86400} value={slow} onChange={(e) => setSlow(e.target.value)} />
        <span />
        <span className="inline">
          <button type="submit">{t('settings.save')}</button>
          {state ? <span className="small">{state}</span> : null}
        </span>
      </form>
    </Section>
  );
}

const clockTime = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Daily quiet hours (may cross midnight) and whether critical alerts still come through. */
function QuietHours({ view, save }: { view: SettingsView; save(c: LabConfig): Promise<void> }) {
  const { t } = useTranslation();
  const ui = view.config.ui;
  const [enabled, setEnabled] = useState(ui?.quietHours !== undefined);
  const [from, setFrom] = useState(ui?.quietHours?.from ?? '22:00');
  const [to, setTo] = useState(ui?.quietHours?.to ?? '07:00');
  const [breaks, setBreaks] = useState(ui?.criticalBreaksQuiet === true);
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const problem = !enabled ? null : !clockTime.test(from) || !clockTime.test(to) ? t('settings.quietInvalid') : from === to ? t('settings.quietSame') : null;
  return (
    <Section id="quiet-hours" title={t('settings.notifications')}>
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (problem) return setState({ ok: false, text: problem });
          const next: UiConfig = { ...ui, criticalBreaksQuiet: breaks };
          if (enabled) next.quietHours = { from, to };
          else delete next.quietHours;
          save({ ...view.config, ui: next }).then(
            () => setState({ ok: true, text: t('settings.saved') }),
            (x: unknown) => setState({ ok: false, text: message(x) }),
          );
        }}
      >
        <label htmlFor="quiet-on">{t('settings.quietHours')}</label>
        <span>
          <input id="quiet-on" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        </span>
        <label htmlFor="quiet-from">{t('settings.quietFrom')}</label>
        <input id="quiet-from" type="time" value={from} disabled={!enabled} aria-invalid={problem !== null} aria-describedby="quiet-help" onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="quiet-to">{t('settings.quietTo')}</label>
        <input id="quiet-to" type="time" value={to} disabled={!enabled} aria-invalid={problem !== null} aria-describedby="quiet-help" onChange={(e) => setTo(e.target.value)} />
        <span />
        <p id="quiet-help" className={`small form-note ${problem ? 'text-crit' : 'muted'}`} aria-live="polite">
          {problem ?? (enabled ? (from > to ? t('settings.quietOvernight', { from, to }) : t('settings.quietDaily', { from, to })) : t('settings.quietOff'))}
        </p>
        <label htmlFor="quiet-breaks">{t('settings.criticalBreaksQuiet')}</label>
        <span>
          <input id="quiet-breaks" type="checkbox" checked={breaks} onChange={(e) => setBreaks(e.target.checked)} />
        </span>
        <span />
        <span className="inline">
          <button type="submit">{t('settings.save')}</button>
          <SaveNote state={state} />
        </span>
      </form>
    </Section>
  );
}

/** A monospace text field whose problem, when it has one, is shown under it and named by it. */
function CheckedInput(p: { label: string; value: string; onChange(v: string): void; placeholder: string; size: number; helpId: string; testId: string; problem: string | null }): React.JSX.Element {
  return (
    <>
      <input
        className="mono"
        size={p.size}
        spellCheck={false}
        autoComplete="off"
        placeholder={p.placeholder}
        aria-label={p.label}
        aria-invalid={p.problem !== null}
        aria-describedby={p.problem === null ? undefined : p.helpId}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
      {p.problem === null ? null : (
        <p id={p.helpId} className="small form-note text-crit" data-testid={p.testId}>
          {p.problem}
        </p>
      )}
    </>
  );
}
