import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryPoint, HistoryTimeframe, ItemHistory } from '../../../../shared/guest-detail';
import { formatBytes, formatPercent } from '../../../../shared/units';
import { useLanguage } from '../../hooks';
import { useApi } from '../../store-context';

type Pick2 = (p: HistoryPoint) => number | null;
interface Metric {
  id: 'cpu' | 'memory' | 'network' | 'disk';
  series: { label: string; value: Pick2; stroke: string }[];
  format(v: number): string;
}

const rate = (v: number): string => `${formatBytes(v)}/s`;

function metrics(t: (k: string) => string): Metric[] {
  return [
    { id: 'cpu', series: [{ label: t('guestPanel.chart.cpu'), value: (p) => p.cpu, stroke: '#3b82f6' }], format: (v) => formatPercent(v) },
    { id: 'memory', series: [{ label: t('guestPanel.chart.memory'), value: (p) => p.mem, stroke: '#8b5cf6' }], format: (v) => formatBytes(v) },
    {
      id: 'network',
      series: [
        { label: t('guestPanel.chart.in'), value: (p) => p.netin, stroke: '#10b981' },
        { label: t('guestPanel.chart.out'), value: (p) => p.netout, stroke: '#f59e0b' },
      ],
      format: rate,
    },
    {
      id: 'disk',
      series: [
        { label: t('guestPanel.chart.read'), value: (p) => p.diskread, stroke: '#06b6d4' },
        { label: t('guestPanel.chart.write'), value: (p) => p.diskwrite, stroke: '#ef4444' },
      ],
      format: rate,
    },
  ];
}

/** One uPlot chart of a metric; redrawn when the data changes, resized with its box. */
function MetricChart({ metric, points, title, lng, frame }: { metric: Metric; points: HistoryPoint[]; title: string; lng: string; frame: HistoryTimeframe }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Time labels in the UI language: clock times within a day, dates beyond.
    const when = new Intl.DateTimeFormat(lng, frame === 'hour' ? { hour: '2-digit', minute: '2-digit' } : frame === 'day' ? { hour: '2-digit', minute: '2-digit' } : { month: 'numeric', day: 'numeric' });
    const data: uPlot.AlignedData = [points.map((p) => p.time), ...metric.series.map((s) => points.map((p) => s.value(p)))];
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 110,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      // At least 80 px between time ticks: a label such as "08:30 AM" needs about 60.
      axes: [{ size: 28, space: 80, values: (_u, ticks) => ticks.map((v) => when.format(v * 1000)) }, { size: 76, values: (_u, ticks) => ticks.map((v) => metric.format(v)) }],
      series: [{}, ...metric.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, value: (_u: uPlot, v: number | null) => (v === null ? '–' : metric.format(v)) }))],
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 110 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [metric, points, lng, frame]);
  return (
    <figure className="history-chart" data-metric={metric.id}>
      <figcaption>{title}</figcaption>
      <div ref={box} className="history-plot" />
    </figure>
  );
}

const frames: HistoryTimeframe[] = ['hour', 'day', 'week'];

/** CPU, memory, network and disk I/O of one guest or node over the chosen time frame, read on demand (the core caches it). */
export function HistoryCharts({ cluster, node, vmid }: { cluster: string; node: string; vmid?: number }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const api = useApi();
  const [frame, setFrame] = useState<HistoryTimeframe>('hour');
  // The answer for the frame it was asked for; a frame switch shows "loading" until its own answer comes.
  const [res, setRes] = useState<{ frame: HistoryTimeframe; hist: ItemHistory | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    Promise.resolve()
      .then(() => api.history({ cluster, node, vmid, timeframe: frame }))
      .then(
      (h) => live && setRes({ frame, hist: h, error: null }),
      (e: unknown) => live && setRes({ frame, hist: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, cluster, node, vmid, frame]);
  const hist = res?.frame === frame ? res.hist : null;
  const error = res?.frame === frame ? res.error : null;
  const ms = useMemo(() => metrics(t), [t]);
  const shown = vmid === undefined ? ms.filter((m) => m.id !== 'disk') : ms;
  return (
    <section className="panel-section history" aria-label={t('guestPanel.history')}>
      <div className="panel-section-head">
        <h3>{t('guestPanel.history')}</h3>
        <div className="segmented" role="group" aria-label={t('guestPanel.timeframe')}>
          {frames.map((f) => (
            <button key={f} type="button" aria-pressed={frame === f} className={frame === f ? 'seg-on' : undefined} onClick={() => setFrame(f)}>
              {t(`guestPanel.frame.${f}`)}
            </button>
          ))}
        </div>
      </div>
      {error ? <p className="text-crit">{t('guestPanel.historyFailed', { error })}</p> : null}
      {hist ? (
        <div className="history-grid" data-timeframe={frame}>
          {shown.map((m) => (
            <MetricChart key={m.id} metric={m} points={hist.points} title={t(`guestPanel.chart.${m.id}`)} lng={lng} frame={frame} />
          ))}
        </div>
      ) : !error ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </section>
  );
}
