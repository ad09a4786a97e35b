import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/api';
import type { HostConfig } from '../../../../shared/config';
import { Empty, Section, TableHead } from '../../components/ui';
import { useLab } from '../../store-context';
import { applyDraft, checkBroadcast, checkMac, draftOf, relaysFor, type MacProblem, type WolDraft } from '../../wol-form';
import { message, SaveNote, type SaveSettings, type SaveState } from './parts';

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
export function WakeOnLan({ view, save }: { view: SettingsView; save: SaveSettings }) {
  const { t } = useTranslation();
  const hosts = view.config.hosts ?? [];
  const clusters = useLab((s) => s.snapshot.proxmox);
  // Only what the user changed is held here, so hosts added meanwhile (an import) show their saved values.
  const [edits, setEdits] = useState<Record<string, Partial<WolDraft>>>({});
  const [state, setState] = useState<SaveState | null>(null);
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
