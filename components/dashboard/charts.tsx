"use client";
// The dashboard's Recharts charts (docs/decisions/0025-dashboard-charts.md). Only the manager's dashboard imports
// this file, so other routes don't load Recharts. Colours are the design system's CSS variables, so light and dark
// follow the page; every chart sits in a ChartFigure with its numbers as a table.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatMoney } from "@/components/ui/format";

const AXIS = { fill: "var(--text-muted)", fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--border)", color: "var(--text)" },
  cursor: { fill: "var(--surface-muted)" },
};
/**
 * What every chart here shares: horizontal bars (category names stay readable however many there are), sized by
 * CSS (the ChartFigure's box), a grid along the values, every category labelled.
 */
const CHART = {
  layout: "vertical",
  responsive: true,
  style: { width: "100%", height: "100%" },
  margin: { top: 4, right: 12, bottom: 0, left: 4 },
} as const;
const CATEGORY_AXIS = {
  type: "category",
  dataKey: "label",
  interval: 0,
  width: 112,
  tick: AXIS,
  tickLine: false,
  axisLine: { stroke: "var(--border)" },
} as const;
const VALUE_AXIS = { type: "number", tick: AXIS, tickLine: false, axisLine: false } as const;
const BAR = { radius: [0, 4, 4, 0] as [number, number, number, number], isAnimationActive: false };
/** "$1.2M", "$450K": axis ticks stay short; the tooltip and the table carry whole dollars. */
const compactMoney = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});

export function PipelineChart({
  stages,
}: {
  stages: Array<{ label: string; value: number; count: number }>;
}) {
  return (
    <BarChart {...CHART} data={stages} title="Open pipeline value by stage">
      <CartesianGrid horizontal={false} stroke="var(--border)" />
      <YAxis {...CATEGORY_AXIS} />
      <XAxis {...VALUE_AXIS} tickFormatter={(v: number) => compactMoney.format(v)} />
      <Tooltip
        {...TOOLTIP}
        formatter={(v, _name, item) => [
          `${formatMoney(Number(v))} · ${formatCount((item.payload as { count: number }).count)} deals`,
          "Value",
        ]}
      />
      <Bar dataKey="value" name="Value" fill="var(--accent)" {...BAR} />
    </BarChart>
  );
}

export function SourcesChart({
  sources,
}: {
  sources: Array<{ label: string; contacts: number; clients: number }>;
}) {
  return (
    <BarChart {...CHART} data={sources} title="Contacts and clients by lead source">
      <CartesianGrid horizontal={false} stroke="var(--border)" />
      <YAxis {...CATEGORY_AXIS} />
      <XAxis {...VALUE_AXIS} allowDecimals={false} />
      <Tooltip {...TOOLTIP} formatter={(v, name) => [formatCount(Number(v)), name]} />
      <Legend wrapperStyle={{ fontSize: 12, color: "var(--text-muted)" }} />
      <Bar dataKey="contacts" name="Contacts" fill="var(--text-muted)" {...BAR} />
      <Bar dataKey="clients" name="Became clients" fill="var(--accent)" {...BAR} />
    </BarChart>
  );
}
