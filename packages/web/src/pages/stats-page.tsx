import { useCallback, useMemo, type ReactNode } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import { ApiError, getStats, getTimeSeries } from '../api/client.js';
import { apiQueryFromFilters, filtersFromSearch } from '../api/trace-filters.js';
import type { TimeSeries } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { FilterBar, type Filters } from '../components/filter-bar.js';
import { UPlotChart } from '../components/uplot-chart.js';
import { formatCost, formatMs, formatTokens } from '../format.js';
import { hrefWith, navigate, useLocation } from '../router.js';

const PALETTE = ['#4f7cff', '#17a589', '#e59f24', '#c0504d', '#8e6bd1', '#3aa3c9', '#d06fa8', '#7d8a2e'];

/** Latency and usage over time, from `/api/stats` and `/api/stats/timeseries`. */
export function StatsPage(): ReactNode {
  const { search } = useLocation();
  const filters = useMemo(() => {
    const f = filtersFromSearch(search);
    delete f.feedback;
    return f;
  }, [search]);
  const key = JSON.stringify(filters);
  const onChange = useCallback((next: Filters) => navigate(hrefWith('/stats', next as Record<string, string>)), []);
  const stats = useApi((signal) => getStats(apiQueryFromFilters(filters), signal), [key]);
  const series = useApi((signal) => getTimeSeries(apiQueryFromFilters(filters), signal), [key]);
  const s = stats.data;
  return (
    <div className="page stats-page">
      <div className="page-head">
        <h2>Stats</h2>
      </div>
      <FilterBar filters={filters} onChange={onChange} show={['range', 'min_latency_ms', 'max_latency_ms', 'status', 'user_id', 'model', 'name']} />
      {stats.error && <div className="error-banner">Could not load stats: {stats.error.message}</div>}
      {s && (
        <div className="metric-grid totals" data-testid="stats-totals">
          <Card label="Traces" value={s.count.toLocaleString('en-US')} />
          <Card label="Errors" value={`${s.errorCount}${s.count ? ` (${((s.errorCount / s.count) * 100).toFixed(1)}%)` : ''}`} />
          <Card label="p50" value={formatMs(s.p50_ms)} />
          <Card label="p95" value={formatMs(s.p95_ms)} />
          <Card label="p99" value={formatMs(s.p99_ms)} />
          <Card label="Max" value={formatMs(s.max_ms)} />
          <Card label="Tokens in / out" value={`${formatTokens(s.inputTokens)} / ${formatTokens(s.outputTokens)}`} />
          <Card label="Cost" value={formatCost(s.costUsd)} />
        </div>
      )}
      {series.error &&
        (series.error instanceof ApiError && series.error.status === 404 ? (
          <div className="notice">Time-series charts are not available on this server (no /api/stats/timeseries).</div>
        ) : (
          <div className="error-banner">Could not load time series: {series.error.message}</div>
        ))}
      {series.data && <Charts data={series.data} />}
    </div>
  );
}

function Card({ label, value }: { label: string; value: string }): ReactNode {
  return (
    <div className="metric">
      <div className="metric-label">{label}</div>
      <div className="metric-value">{value}</div>
    </div>
  );
}

function Charts({ data }: { data: TimeSeries }): ReactNode {
  const histogram = useMemo(() => histogramChart(data), [data]);
  const latency = useMemo(() => latencyChart(data), [data]);
  const tokens = useMemo(() => modelChart(data, 'tokens'), [data]);
  const cost = useMemo(() => modelChart(data, 'cost'), [data]);
  if (data.sampled === 0) return <div className="empty">No traces in this range.</div>;
  return (
    <>
      {data.truncated && <div className="notice">Charts are computed from the latest {data.sampled.toLocaleString('en-US')} matching traces.</div>}
      <div className="chart-grid" data-testid="charts">
        <ChartCard title="Latency distribution">
          <UPlotChart options={histogram.options} data={histogram.data} />
        </ChartCard>
        <ChartCard title={`Latency percentiles over time (per ${formatMs(data.bucketMs)})`}>
          <UPlotChart options={latency.options} data={latency.data} />
        </ChartCard>
        <ChartCard title="Tokens over time by model">{tokens ? <UPlotChart options={tokens.options} data={tokens.data} /> : <div className="empty">No LM calls.</div>}</ChartCard>
        <ChartCard title="Cost over time by model (USD)">{cost ? <UPlotChart options={cost.options} data={cost.data} /> : <div className="empty">No LM calls.</div>}</ChartCard>
      </div>
      <section className="card">
        <h3>Slowest steps</h3>
        <table className="data-table" data-testid="slowest-steps">
          <thead>
            <tr>
              <th>Step</th>
              <th className="num">Count</th>
              <th className="num">Avg</th>
              <th className="num">p95</th>
              <th className="num">Max</th>
            </tr>
          </thead>
          <tbody>
            {data.slowestSteps.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td className="num">{s.count}</td>
                <td className="num">{formatMs(s.avgMs)}</td>
                <td className="num">{formatMs(s.p95_ms)}</td>
                <td className="num">{formatMs(s.maxMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }): ReactNode {
  return (
    <section className="card chart-card">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

type Chart = { options: Omit<Options, 'width' | 'height'>; data: AlignedData };

const axisStyle = { stroke: '#5b6472', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#dfe3e8' } };

function histogramChart(data: TimeSeries): Chart {
  const xs = data.histogram.map((_, i) => i);
  const labels = data.histogram.map((b) => `≤${formatMs(b.upperMs)}`);
  const bars = uPlot.paths.bars!({ size: [0.8, 60] });
  return {
    data: [xs, data.histogram.map((b) => b.count)],
    options: {
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, xs.length - 0.5)] } },
      axes: [
        { ...axisStyle, values: (_u, splits) => splits.map((v) => labels[Math.round(v)] ?? ''), splits: () => xs },
        { ...axisStyle, label: 'traces' },
      ],
      series: [{ label: 'latency' , value: (_u, v) => (v === null ? '' : (labels[Math.round(v)] ?? ''))}, { label: 'traces', fill: 'rgba(79,124,255,0.6)', stroke: '#4f7cff', paths: bars, points: { show: false } }],
      legend: { show: true },
    },
  };
}

function latencyChart(data: TimeSeries): Chart {
  const xs = data.buckets.map((b) => b.startMs / 1000);
  return {
    data: [xs, data.buckets.map((b) => b.p50_ms), data.buckets.map((b) => b.p95_ms), data.buckets.map((b) => b.p99_ms)],
    options: {
      axes: [axisStyle, { ...axisStyle, values: (_u, splits) => splits.map((v) => formatMs(v)), size: 70 }],
      series: [
        {},
        { label: 'p50', stroke: PALETTE[0], width: 1.5, spanGaps: true, value: (_u, v) => formatMs(v) },
        { label: 'p95', stroke: PALETTE[2], width: 1.5, spanGaps: true, value: (_u, v) => formatMs(v) },
        { label: 'p99', stroke: PALETTE[3], width: 1.5, spanGaps: true, value: (_u, v) => formatMs(v) },
      ],
    },
  };
}

function modelChart(data: TimeSeries, metric: 'tokens' | 'cost'): Chart | undefined {
  if (data.models.length === 0) return undefined;
  const starts = [...new Set(data.buckets.map((b) => b.startMs))].sort((a, b) => a - b);
  const models = [...new Set(data.models.map((m) => m.model))].sort();
  const index = new Map(starts.map((s, i) => [s, i]));
  const columns = models.map(() => new Array<number | null>(starts.length).fill(0));
  for (const m of data.models) {
    const i = index.get(m.startMs);
    if (i === undefined) continue;
    const col = columns[models.indexOf(m.model)]!;
    col[i] = (col[i] ?? 0) + (metric === 'tokens' ? m.inputTokens + m.outputTokens : m.costUsd);
  }
  const fmt = (v: number | null): string => (v === null ? '' : metric === 'tokens' ? formatTokens(v) : formatCost(v));
  return {
    data: [starts.map((s) => s / 1000), ...columns],
    options: {
      axes: [axisStyle, { ...axisStyle, values: (_u, splits) => splits.map((v) => fmt(v)), size: 70 }],
      series: [{}, ...models.map((m, i) => ({ label: m, stroke: PALETTE[i % PALETTE.length], width: 1.5, value: (_u: uPlot, v: number | null) => fmt(v) }))],
    },
  };
}
