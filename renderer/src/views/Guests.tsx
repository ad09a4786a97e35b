import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { StoreApi } from 'zustand/vanilla';
import type { LabApi } from '../../../shared/api';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GuestAction } from '../../../shared/proxmox';
import { ConfirmDialog, Empty, StaleMark } from '../components/ui';
import { GuestPanel } from './guest-panel/GuestPanel';
import { useGuestPanel } from './guest-panel/open';
import { actionsFor, needsConfirm, runGuestAction } from '../actions';
import { checkText } from '../../../shared/message';
import { formatBytes, formatPercent } from '../../../shared/units';
import type { Language } from '../../../shared/language';
import { ago, dateTime } from '../time-text';
import { useLanguage, useNow } from '../hooks';
import { toggleFavourite } from '../prefs';
import { rowFreshness, filterSorted, guestFacets, guestRows, savedFavourites, sortGuests, type GuestRow } from '../selectors';
import type { GuestSortKey, LabState } from '../store';
import { useApi, useLab, useLabStore } from '../store-context';
import type { Status } from '../../../shared/status';
import { guardsAmong, type GuardedGuest, type WayHome } from '../../../shared/way-home';

const ROW_HEIGHT = 36;

interface Ask {
  keys: string[];
  action: GuestAction;
  names: string[];
  /** Guests among them that carry the way home: the question says what it costs. */
  guards: GuardedGuest[];
  where: WayHome['where'] | undefined;
}

export function Guests() {
  const { t } = useTranslation();
  const api = useApi();
  const store = useLabStore();
  const snap = useLab((s) => s.snapshot);
  const favourites = useLab(savedFavourites);
  const pending = useLab((s) => s.pending);
  const filters = useLab((s) => s.guestFilters);
  const sort = useLab((s) => s.guestSort);
  const selection = useLab((s) => s.selection);
  const setFilters = useLab((s) => s.setGuestFilters);
  const [ask, setAsk] = useState<Ask | null>(null);

  const all = useMemo(() => guestRows(snap, favourites, pending), [snap, favourites, pending]);
  // Sorted once per data or order change; a keystroke only filters the sorted list.
  const sorted = useMemo(() => sortGuests(all, sort), [all, sort]);
  const rows = useMemo(() => filterSorted(sorted, filters), [sorted, filters]);
  const facets = useMemo(() => guestFacets(all), [all]);
  const selected = useMemo(() => new Set(selection), [selection]);
  const selectedRows = useMemo(() => all.filter((r) => selected.has(r.key)), [all, selected]);

  // Stable, so memoised rows do not re-render for a new callback.
  const act = useCallback(
    (keys: string[], action: GuestAction, names: string[]): void => {
      if (!api) return;
      const way = store.getState().snapshot.wayHome;
      const guards = guardsAmong(way, keys, action);
      if (guards.length || needsConfirm(action, keys.length)) setAsk({ keys, action, names, guards, where: way?.where });
      else void runGuestAction(api, store, keys, action);
    },
    [api, store],
  );
  const star = useCallback(
    (key: string): void => {
      if (api) void toggleFavourite(api, store, key, t('app.prefsNotSaved'));
    },
    [api, store, t],
  );
  const backupOne = useCallback(
    (row: GuestRow): void => {
      if (api) void startBackups(api, store, t, [row]);
    },
    [api, store, t],
  );

  const guestPanel = useGuestPanel();
  const staleClusters = snap.sources.filter((s) => s.kind === 'proxmox' && s.stale);

  return (
    <div className="view view-guests" onClick={guestPanel.onClick}>
      <div className="view-head">
        <h1 className="view-title">{t('views.guests')}</h1>
        <span className="muted">{t('guests.count', { shown: rows.length, total: all.length })}</span>
        {staleClusters.map((s) => (
          <StaleMark key={s.id} error={s.error} />
        ))}
      </div>
      <div className="toolbar" role="search">
        <input type="search" className="search" placeholder={t('guests.search')} aria-label={t('guests.search')} value={filters.query} onChange={(e) => setFilters({ query: e.target.value })} />
        <FilterSelect label={t('guests.node')} value={filters.node} options={facets.nodes} onChange={(node) => setFilters({ node })} />
        <FilterSelect label={t('guests.status')} value={filters.status} options={['running', 'stopped', 'paused', 'suspended']} display={(v) => t(`guestStatus.${v}`)} onChange={(status) => setFilters({ status: status as typeof filters.status })} />
        <FilterSelect label={t('guests.type')} value={filters.type} options={['qemu', 'lxc']} display={(v) => t(`guestType.${v}`)} onChange={(type) => setFilters({ type: type as typeof filters.type })} />
        <FilterSelect label={t('guests.tag')} value={filters.tag} options={facets.tags} onChange={(tag) => setFilters({ tag })} />
        <label className="check">
          <input type="checkbox" checked={filters.favouritesOnly} onChange={(e) => setFilters({ favouritesOnly: e.target.checked })} />
          {t('guests.favouritesOnly')}
        </label>
      </div>
      {selectedRows.length ? (
        <div className="selection-bar" role="region" aria-label={t('guests.selection')}>
          <span>{t('guests.selected', { count: selectedRows.length })}</span>
          {(['start', 'shutdown', 'reboot', 'stop'] as GuestAction[]).map((a) => (
            <button key={a} type="button" className={a === 'stop' ? 'btn-danger' : undefined} onClick={() => act(selectedRows.map((r) => r.key), a, selectedRows.map((r) => r.guest.name))}>
              {t(`action.${a}`)}
            </button>
          ))}
          <button type="button" onClick={() => api && void startBackups(api, store, t, selectedRows)}>
            {t('backups.backupNow')}
          </button>
          <button type="button" className="btn-link" onClick={() => store.getState().setSelection([])}>
            {t('guests.clearSelection')}
          </button>
        </div>
      ) : null}
      {all.length === 0 && snap.version > 0 ? (
        <Empty>{snap.proxmox.length ? t('guests.none') : t('guests.noCluster')}</Empty>
      ) : (
        // Mounted while the first snapshot is on its way, so the list's scroll box is measured before the rows arrive.
        <GuestTable rows={rows} selected={selected} loading={snap.version === 0} onAct={act} onStar={star} onBackup={backupOne} />
      )}
      {guestPanel.panel ? <GuestPanel key={guestPanel.panel} guestKey={guestPanel.panel} onClose={guestPanel.close} /> : null}
      <ConfirmDialog
        open={ask !== null}
        title={ask ? t(`confirm.${ask.action}.title`, { count: ask.keys.length }) : ''}
        body={
          ask ? (
            <>
              <p>{t(`confirm.${ask.action}.body`, { count: ask.keys.length, names: ask.names.slice(0, 8).join(', ') + (ask.names.length > 8 ? '…' : '') })}</p>
              {ask.guards.map((g) => (
                <p key={`${g.cluster}/${g.vmid}`} className="guard-line">
                  {t(`guard.${g.reason}`, { name: g.name })}
                </p>
              ))}
              {ask.guards.length ? <p className="guard-line">{t(ask.where === 'away' ? 'guard.away' : 'guard.home')}</p> : null}
            </>
          ) : null
        }
        confirm={ask ? (ask.guards.length ? t('guard.anyway', { action: t(`action.${ask.action}`) }) : t(`action.${ask.action}`)) : ''}
        danger={ask?.action === 'stop' || (ask?.guards.length ?? 0) > 0}
        onConfirm={() => {
          if (ask && api) void runGuestAction(api, store, ask.keys, ask.action);
        }}
        onClose={() => setAsk(null)}
      />
    </div>
  );
}

/** Backs up guests now, one vzdump per cluster; a backup that cannot start is a notice. */
async function startBackups(api: LabApi, store: StoreApi<LabState>, t: TFunction, list: GuestRow[]): Promise<void> {
  const byCluster = new Map<string, number[]>();
  for (const r of list) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r.guest.vmid]);
  for (const [cluster, vmids] of byCluster) {
    await api.startBackup({ cluster, vmids }).catch((err: unknown) =>
      store.getState().pushNotice({ id: `backup-${cluster}-${Date.now()}`, level: 'warn', title: t('backups.failedToStart'), body: err instanceof Error ? err.message : String(err), at: new Date().toISOString() }),
    );
  }
}

function FilterSelect({ label, value, options, onChange, display }: { label: string; value: string; options: string[]; onChange(v: string): void; display?: (v: string) => string }) {
  const { t } = useTranslation();
  return (
    <label className="select">
      <span aria-hidden="true">{label}</span>
      <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('guests.any')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {display ? display(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

const columns: { key: GuestSortKey | null; label: string; className: string }[] = [
  { key: null, label: '', className: 'c-select' },
  { key: null, label: '', className: 'c-fav' },
  { key: 'status', label: 'guests.col.status', className: 'c-status' },
  { key: 'vmid', label: 'guests.col.vmid', className: 'c-vmid' },
  { key: 'name', label: 'guests.col.name', className: 'c-name' },
  { key: null, label: 'guests.col.type', className: 'c-type' },
  { key: 'node', label: 'guests.col.node', className: 'c-node' },
  { key: 'cpu', label: 'guests.col.cpu', className: 'c-cpu num' },
  { key: 'mem', label: 'guests.col.mem', className: 'c-mem num' },
  { key: 'backup', label: 'guests.col.backup', className: 'c-backup' },
  { key: null, label: 'guests.col.tags', className: 'c-tags' },
  { key: null, label: 'guests.col.actions', className: 'c-actions' },
];

function GuestTable({ rows, selected, loading, onAct, onStar, onBackup }: { rows: GuestRow[]; selected: Set<string>; loading: boolean; onAct(keys: string[], a: GuestAction, names: string[]): void; onStar(key: string): void; onBackup(row: GuestRow): void }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const store = useLabStore();
  const sort = useLab((s) => s.guestSort);
  const focus = useLab((s) => s.focus);
  // One clock for all rows (not a timer per row).
  const now = useNow(60_000);
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read during render on purpose
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  const rowText = useMemo(() => makeRowText(t), [t]);
  const focusKey = focus?.target.startsWith('guest:') ? focus.target.slice('guest:'.length) : null;
  const focusIndex = focusKey ? rows.findIndex((r) => r.key === focusKey) : -1;
  // #focus=guest:cluster/vmid: bring the row into view once it exists (the snapshot may arrive later).
  useEffect(() => {
    if (focusIndex >= 0) virtual.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, focus?.seq, virtual]);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  const setSort = (key: GuestSortKey): void => {
    store.getState().setGuestSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' });
  };
  return (
    <div className="table guest-table" role="table" aria-label={t('views.guests')} aria-rowcount={rows.length + 1}>
      <div role="rowgroup" className="thead">
        <div role="row" className="tr" aria-rowindex={1}>
          {columns.map((c, i) => (
            <div
              key={i}
              role="columnheader"
              className={`th ${c.className}`}
              aria-sort={c.key && sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {i === 0 ? (
                <input
                  type="checkbox"
                  aria-label={t('guests.selectAll')}
                  checked={allSelected}
                  onChange={() => store.getState().setSelection(allSelected ? [] : rows.map((r) => r.key))}
                />
              ) : c.key ? (
                <button type="button" className="th-sort" onClick={() => setSort(c.key as GuestSortKey)}>
                  {t(c.label)}
                  <span aria-hidden="true" className="sort-arrow">
                    {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : c.label ? (
                t(c.label)
              ) : i === 1 ? (
                <span className="sr-only">{t('guests.favourite')}</span>
              ) : null}
            </div>
          ))}
        </div>
      </div>
      <div ref={parent} className="tbody-scroll" role="rowgroup">
        {rows.length === 0 ? <Empty>{loading ? t('app.loading') : t('guests.noMatch')}</Empty> : null}
        <div className="tbody" style={{ height: virtual.getTotalSize() }}>
          {virtual.getVirtualItems().map((v) => {
            const r = rows[v.index];
            return <GuestRowView key={r.key} row={r} index={v.index} top={v.start} nearEnd={v.index >= rows.length - 3 && v.index > 2} selected={selected.has(r.key)} focused={r.key === focusKey} now={now} lng={lng} t={rowText} onAct={onAct} onStar={onStar} onBackup={onBackup} />;
          })}
        </div>
      </div>
    </div>
  );
}

type RowText = (key: string, vars?: Record<string, string>) => string;

/**
 * Row labels from templates translated once per language: a row only puts its
 * guest's name in (an i18next call per cell was most of a row's render time).
 */
function makeRowText(t: TFunction): RowText {
  const cache = new Map<string, string>();
  return (key, vars) => {
    const names = vars ? Object.keys(vars) : [];
    const id = names.length ? `${key}|${names.join(',')}` : key;
    let template = cache.get(id);
    if (template === undefined) {
      template = names.length ? t(key, Object.fromEntries(names.map((n) => [n, `\u0001${n}\u0001`]))) : t(key);
      cache.set(id, template);
    }
    let out = template;
    for (const n of names) out = out.split(`\u0001${n}\u0001`).join(vars?.[n] ?? '');
    return out;
  };
}

const pendingStatus: Record<GuestAction, string> = { start: 'starting', shutdown: 'stopping', stop: 'stopping', reboot: 'rebooting', suspend: 'suspending', resume: 'resuming' };

interface RowProps {
  row: GuestRow;
  index: number;
  top: number;
  /** One of the last rows: its tag popover opens upwards, so it never reaches past the end of the list. */
  nearEnd: boolean;
  selected: boolean;
  focused: boolean;
  now: number;
  lng: Language;
  t: RowText;
  onAct(keys: string[], a: GuestAction, names: string[]): void;
  onBackup(row: GuestRow): void;
  onStar(key: string): void;
}

// Memoised: a keystroke or a scroll re-renders only the rows whose data or place changed.
const GuestRowView = memo(function GuestRowView({ row, index, top, nearEnd, selected, focused, now, lng, t, onAct, onStar, onBackup }: RowProps) {
  const store = useLabStore();
  const g = row.guest;
  const p = row.pending;
  const freshness: Status = rowFreshness(row, now);
  const statusKind: Status = g.status === 'running' ? 'ok' : g.status === 'stopped' ? 'unknown' : 'warn';
  const busy = p !== null && !p.error;
  return (
    <div
      role="row"
      className={`tr${selected ? ' tr-selected' : ''}${focused ? ' tr-focused' : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-guest={row.key}
      data-focused={focused || undefined}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div role="cell" className="td c-select">
        <input type="checkbox" checked={selected} aria-label={t('guests.select', { name: g.name })} onChange={() => store.getState().toggleSelected(row.key)} />
      </div>
      <div role="cell" className="td c-fav">
        <button type="button" className={`star ${row.favourite ? 'star-on' : ''}`} aria-pressed={row.favourite} aria-label={t('guests.favouriteName', { name: g.name })} onClick={() => onStar(row.key)}>
          {row.favourite ? '★' : '☆'}
        </button>
      </div>
      <div role="cell" className="td c-status" data-testid="guest-status">
        {busy ? (
          <span className="pending">
            <span className="spinner" aria-hidden="true" />
            {t(`pending.${pendingStatus[p.action]}`)}
            {row.task?.progress != null ? ` ${formatPercent(row.task.progress)}` : ''}
          </span>
        ) : (
          <>
            <span className={`dot dot-${statusKind}`} role="img" aria-label={t(`guestStatus.${g.status}`)} title={t(`guestStatus.${g.status}`)} />
            <span>{t(`guestStatus.${g.status}`)}</span>
            {g.lock ? <span className="tag">{g.lock}</span> : null}
            {p?.error ? (
              <button type="button" className="btn-link text-crit" title={p.error} onClick={() => store.getState().clearPending(row.key)} aria-label={t('guests.actionFailed', { error: p.error })}>
                {t('guests.failed')}
              </button>
            ) : null}
          </>
        )}
      </div>
      <div role="cell" className="td c-vmid mono">{g.vmid}</div>
      <div role="cell" className="td c-name">
        {/* Opens the guest's panel; the view listens once for every row (see Guests). */}
        <button type="button" className="guest-name btn-link" title={g.name} data-open-guest={row.key} aria-label={t('guestPanel.open', { name: g.name })}>
          {g.name}
        </button>
        {row.consoleUrl ? (
          <a className="console-link" href={row.consoleUrl} target="_blank" rel="noreferrer" aria-label={t('guests.console', { name: g.name })} title={t('guests.console', { name: g.name })}>
            ↗
          </a>
        ) : null}
      </div>
      <div role="cell" className="td c-type muted">{t(`guestType.${g.type}`)}</div>
      <div role="cell" className="td c-node">{g.node}</div>
      <div role="cell" className="td c-cpu num">{g.status === 'running' ? formatPercent(g.cpu) : '–'}</div>
      <div role="cell" className="td c-mem num">{g.status === 'running' ? formatBytes(g.mem) : formatBytes(g.maxmem)}</div>
      <div role="cell" className={`td c-backup text-${freshness}`} title={row.backupCheck ? checkText(lng, row.backupCheck) : (row.lastBackup ? dateTime(row.lastBackup * 1000, lng) : undefined)}>
        {row.lastBackup ? ago(row.lastBackup * 1000, now, lng) : t('backups.never')}
      </div>
      {/* One line keeps the row height fixed for the virtualiser; the cell's name lists every tag. Hover or focus opens
          a copy under the cell, right-aligned to it, so it spreads over the row's figures and never over the actions. */}
      <div
        role="cell"
        className="td c-tags"
        title={g.tags.length ? g.tags.join(', ') : undefined}
        aria-label={g.tags.length ? t('guests.tagsOf', { tags: g.tags.join(', ') }) : undefined}
        tabIndex={g.tags.length > 1 ? 0 : undefined}
      >
        <span className="tags-inner">
          {g.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
        {g.tags.length > 1 ? (
          <span className={`tags-pop${nearEnd ? ' tags-pop-up' : ''}`} aria-hidden="true">
            {g.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </span>
        ) : null}
      </div>
      <div role="cell" className="td c-actions">
        {actionsFor(g.status).map((a) => (
          <button key={a} type="button" className={`btn-small ${a === 'stop' ? 'btn-danger-quiet' : ''}`} disabled={busy} aria-label={t('guests.actionOn', { action: t(`action.${a}`), name: g.name })} onClick={() => onAct([row.key], a, [g.name])}>
            {t(`action.${a}`)}
          </button>
        ))}
        <button type="button" className="btn-small" disabled={busy} aria-label={t('backups.backupNowName', { name: g.name })} onClick={() => onBackup(row)}>
          {t('guests.backup')}
        </button>
      </div>
    </div>
  );
});
