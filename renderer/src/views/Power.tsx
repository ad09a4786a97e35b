import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PowerAdvice } from '../../../shared/power-advice';
import { monthlyEnergy, type DailyEnergy } from '../../../shared/power';
import type { PowerState } from '../../../shared/power-state';
import { Empty, Section } from '../components/ui';
import { useLanguage } from '../hooks';
import { useLab } from '../store-context';

/** Guests listed by estimated cost. */
const TOP_GUESTS = 8;

/** The currency when the config names none: the yuan for Chinese, the dollar otherwise. */
export function defaultCurrency(lng: string): string {
  return lng.startsWith('zh') ? 'CNY' : 'USD';
}

interface Fmt {
  watts(w: number): string;
  kwh(k: number): string;
  money(v: number): string;
  share(v: number): string;
  /** "um560 and s500plus", "um560和s500plus". */
  list(names: readonly string[]): string;
}

function formatters(lng: string, currency: string): Fmt {
  const one = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 });
  const kwh = new Intl.NumberFormat(lng, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(lng, { style: 'currency', currency, minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 0 });
  const list = new Intl.ListFormat(lng, { type: 'conjunction' });
  return { watts: (w) => one.format(w), kwh: (k) => kwh.format(k), money: (v) => money.format(v), share: (v) => pct.format(v), list: (names) => list.format(names) };
}

/** Daily kWh of the last 30 days as bars. */
function DailyChart({ days, lng, label }: { days: DailyEnergy[]; lng: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const date = new Intl.DateTimeFormat(lng, { month: 'numeric', day: 'numeric' });
    const x = days.map((d) => Date.parse(`${d.day}T12:00:00`) / 1000);
    const bars = uPlot.paths.bars?.({ size: [0.7, 24] });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 140,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] } },
      axes: [{ size: 28, values: (_u, ticks) => ticks.map((v) => date.format(v * 1000)) }, { size: 36, values: (_u, ticks) => ticks.map((v) => String(v)) }],
      series: [{}, { label, stroke: '#3b82f6', fill: 'rgba(59,130,246,0.35)', width: 1, paths: bars, points: { show: false } }],
    };
    const plot = new uPlot(opts, [x, days.map((d) => d.kwh)], el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 140 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [days, lng, label]);
  return <div ref={box} className="history-plot power-chart" data-days={days.length} />;
}

/** One advice line and its arithmetic. */
function AdviceLine({ a, fmt, price }: { a: PowerAdvice; fmt: Fmt; price: number | null }) {
  const { t } = useTranslation();
  const priced = a.cost !== null && price !== null;
  const key = a.guests.length ? (priced ? 'power.adviceMove' : 'power.adviceMoveKwh') : priced ? 'power.adviceIdle' : 'power.adviceIdleKwh';
  const cost = a.cost !== null ? fmt.money(a.cost) : '';
  return (
    <li className="power-advice" data-node={a.node}>
      <p>{t(key, { node: a.node, cost, kwh: fmt.kwh(a.kwh), count: a.guests.length, targets: fmt.list(a.targets) })}</p>
      <p className="muted power-arithmetic">
        {priced
          ? t('power.arithmetic', { watts: fmt.watts(a.watts), hours: a.hours, kwh: fmt.kwh(a.kwh), price: fmt.money(price), cost })
          : t('power.arithmeticKwh', { watts: fmt.watts(a.watts), hours: a.hours, kwh: fmt.kwh(a.kwh) })}
      </p>
    </li>
  );
}

function Totals({ p, fmt }: { p: PowerState; fmt: Fmt }) {
  const { t } = useTranslation();
  return (
    <div className="cards power-totals">
      <div className="card" data-testid="power-total">
        <span className="card-label">{t('power.now')}</span>
        <span className="card-value">
          {fmt.watts(p.totalWatts)} {t('power.watts')}
        </span>
      </div>
      <div className="card" data-testid="power-month">
        <span className="card-label">{t('power.month')}</span>
        <span className="card-value">{p.monthCost !== null ? t('power.monthCost', { kwh: fmt.kwh(p.monthKwh), cost: fmt.money(p.monthCost) }) : t('power.monthKwh', { kwh: fmt.kwh(p.monthKwh) })}</span>
        {p.price !== null ? <span className="card-label">{t('power.price', { price: fmt.money(p.price) })}</span> : null}
      </div>
    </div>
  );
}

function Machines({ p, fmt }: { p: PowerState; fmt: Fmt }) {
  const { t } = useTranslation();
  return (
    <Section id="power-machines" title={t('power.machines')}>
      <table className="table-plain power-table">
        <thead>
          <tr>
            <th scope="col">{t('power.machine')}</th>
            <th scope="col" className="num">
              {t('power.watts')}
            </th>
            <th scope="col" className="num">
              {t('power.perMonth')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.machines.map((m) => {
            const month = m.watts !== null ? monthlyEnergy(m.watts, p.price) : null;
            return (
              <tr key={m.entity} data-machine={m.name}>
                <td>
                  {m.name} <span className="muted">{t(`power.kind.${m.kind}`)}</span>
                </td>
                <td className="num">{m.watts !== null ? fmt.watts(m.watts) : <span className="muted">{t('power.noReading')}</span>}</td>
                <td className="num">{month ? (month.cost !== null ? fmt.money(month.cost) : t('power.monthKwh', { kwh: fmt.kwh(month.kwh) })) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

function Guests({ p, fmt }: { p: PowerState; fmt: Fmt }) {
  const { t } = useTranslation();
  if (!p.guests.length) return null;
  return (
    <Section id="power-guests" title={t('power.guests')}>
      <table className="table-plain power-table">
        <tbody>
          {p.guests.slice(0, TOP_GUESTS).map((g) => (
            <tr key={`${g.cluster}/${g.vmid}`} data-guest={g.name}>
              <td className="power-guest-name">{g.name}</td>
              <td className="muted">{t('power.guestShare', { share: fmt.share(g.share), node: g.node })}</td>
              <td className="num">{g.cost !== null ? fmt.money(g.cost) : t('power.monthKwh', { kwh: fmt.kwh(g.kwh) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('power.guestsNote')}</p>
    </Section>
  );
}

/** What the lab draws and costs: per machine, in total, this month, the last 30 days, per guest, and where it pays to change. */
export function Power() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const p = useLab((s) => s.snapshot.power ?? null);
  if (!p) {
    return (
      <div className="view view-power">
        <h1 className="view-title">{t('views.power')}</h1>
        <Empty>{t('power.empty')}</Empty>
      </div>
    );
  }
  const fmt = formatters(lng, p.currency ?? defaultCurrency(lng));
  return (
    <div className="view view-power">
      <h1 className="view-title">{t('views.power')}</h1>
      {p.readAt === null ? <p className="muted">{t('power.notRead')}</p> : null}
      <Totals p={p} fmt={fmt} />
      <Section id="power-advice" title={t('power.advice')}>
        {p.advice.length ? (
          <ul className="power-advice-list">
            {p.advice.map((a) => (
              <AdviceLine key={`${a.cluster}/${a.node}`} a={a} fmt={fmt} price={p.price} />
            ))}
          </ul>
        ) : (
          <p className="muted">{t('power.noAdvice')}</p>
        )}
      </Section>
      <Machines p={p} fmt={fmt} />
      <Section id="power-chart" title={t('power.chart')}>
        <DailyChart days={p.daily} lng={lng} label={t('power.chartLabel')} />
      </Section>
      <Guests p={p} fmt={fmt} />
    </div>
  );
}
