// Small dependency-free charts for the CRM dashboard: labelled horizontal bars (CSS) and a 7-day column
// chart (SVG). Every number is also in the text, so the charts are readable without seeing them.
import { cn } from "@/components/ui";
import { formatCount } from "@/components/ui/format";

export function StatCard({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div role="group" aria-label={label} className="rounded-lg border border-border bg-surface p-4 shadow-sm">
      <p className="text-xs font-medium uppercase tracking-wide text-fg-muted" aria-hidden="true">
        {label}
      </p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {hint && <p className="mt-1 text-xs text-fg-muted">{hint}</p>}
    </div>
  );
}

export interface Bar {
  label: string;
  value: number;
  /** Shown instead of the value, e.g. "3 · $1.2M". */
  display?: string;
  tone?: "accent" | "success" | "danger" | "muted";
}

const TONES = {
  accent: "bg-accent",
  success: "bg-success",
  danger: "bg-danger",
  muted: "bg-fg-muted/50",
} as const;

export function BarList({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ul aria-label={label} className="flex flex-col gap-2">
      {bars.map((b) => (
        <li key={b.label} className="grid grid-cols-[8rem_1fr_auto] items-center gap-2 text-sm">
          <span className="truncate text-fg-muted">{b.label}</span>
          <span className="h-3 rounded-full bg-surface-muted" aria-hidden="true">
            <span
              className={cn("block h-3 rounded-full", TONES[b.tone ?? "accent"])}
              style={{ width: `${b.value === 0 ? 0 : Math.max(2, (b.value / max) * 100)}%` }}
            />
          </span>
          <span className="text-right tabular-nums">{b.display ?? formatCount(b.value)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Columns for a short series (e.g. new contacts per day), with the values under the axis labels. */
export function ColumnChart({
  points,
  label,
}: {
  points: Array<{ label: string; value: number }>;
  label: string;
}) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = 100 / Math.max(1, points.length);
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox="0 0 100 40"
        preserveAspectRatio="none"
        className="h-28 w-full"
        role="img"
        aria-label={`${label}: ${points.map((p) => `${p.label} ${p.value}`).join(", ")}`}
      >
        {points.map((p, i) => {
          const h = p.value === 0 ? 0.6 : Math.max(2, (p.value / max) * 38);
          return (
            <rect
              key={p.label}
              x={i * w + w * 0.15}
              y={40 - h}
              width={w * 0.7}
              height={h}
              rx={1}
              className={p.value === 0 ? "fill-[var(--border)]" : "fill-[var(--accent)]"}
            />
          );
        })}
      </svg>
      <figcaption
        className="grid text-center text-xs text-fg-muted"
        style={{ gridTemplateColumns: `repeat(${points.length}, minmax(0, 1fr))` }}
      >
        {points.map((p) => (
          <span key={p.label}>
            <span className="block font-medium text-fg tabular-nums">{formatCount(p.value)}</span>
            {p.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
