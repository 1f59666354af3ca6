/**
 * Server-rendered SVG charts of the specialists screens. Each chart is decorative next to its data table
 * (`aria-hidden`, the table carries the figures); colours differ and each series is also labelled in a legend.
 */
export interface ComplianceBar {
  label: string;
  compliant: number;
  due: number;
  overdue: number;
}

export interface ChartModel {
  width: number;
  height: number;
  title: string;
  bars: { y: number; label: string; segments: { x: number; width: number; cls: string; value: number }[] }[];
  legend: { x: number; label: string; cls: string }[];
}

const ROW = 28;
const LABEL_W = 260;
const PLOT_W = 420;

export function barChart(
  rows: ComplianceBar[],
  labels: { compliant: string; due: string; overdue: string; title: string },
): ChartModel {
  const max = Math.max(1, ...rows.map((r) => r.compliant + r.due + r.overdue));
  const scale = PLOT_W / max;
  const bars = rows.map((r, i) => {
    let x = LABEL_W;
    const segments = (['compliant', 'due', 'overdue'] as const).map((k) => {
      const width = Math.round(r[k] * scale);
      const seg = { x, width, cls: `chart-${k}`, value: r[k] };
      x += width;
      return seg;
    });
    return { y: 30 + i * ROW, label: r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label, segments };
  });
  return {
    width: LABEL_W + PLOT_W + 20,
    height: 40 + rows.length * ROW + 10,
    title: labels.title,
    bars,
    legend: [
      { x: LABEL_W, label: labels.compliant, cls: 'chart-compliant' },
      { x: LABEL_W + 140, label: labels.due, cls: 'chart-due' },
      { x: LABEL_W + 280, label: labels.overdue, cls: 'chart-overdue' },
    ],
  };
}

export function demandChart(
  months: { month: string; initial: number; refresher: number }[],
  labels: { initial: string; refresher: string; title: string },
): ChartModel {
  const chart = barChart(
    months.map((m) => ({ label: m.month, compliant: m.initial, due: m.refresher, overdue: 0 })),
    { compliant: labels.initial, due: labels.refresher, overdue: '', title: labels.title },
  );
  return { ...chart, legend: chart.legend.slice(0, 2) };
}
