"use client";
// A chart with its numbers as a table behind it (docs/decisions/0025-dashboard-charts.md): the table is always in
// the page — visually hidden while the chart shows, so screen readers and tests read it — and "Show as table"
// swaps the two for anyone who prefers the numbers.
import { useId, useState, type ReactNode } from "react";
import { Button, cn, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";

export function ChartFigure({
  title,
  chart,
  table,
}: {
  title: string;
  chart: ReactNode;
  /** A <table> with the chart's numbers. */
  table: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  return (
    <figure className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <figcaption className="text-base font-semibold text-fg">{title}</figcaption>
        <Button
          size="sm"
          variant="ghost"
          aria-controls={tableId}
          aria-expanded={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? "Show as chart" : "Show as table"}
        </Button>
      </div>
      {!asTable && <div className="h-72 w-full">{chart}</div>}
      <div id={tableId} className={cn(!asTable && "sr-only")}>
        {table}
      </div>
    </figure>
  );
}

/** A chart's numbers: the first column names the row, the others are right-aligned numbers. */
export function NumbersTable({
  label,
  columns,
  rows,
}: {
  label: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  return (
    <Table label={label}>
      <THead>
        <Tr>
          {columns.map((c, i) => (
            <Th key={c} className={i > 0 ? "text-right" : undefined}>
              {c}
            </Th>
          ))}
        </Tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <Tr key={r.key}>
            {r.cells.map((cell, i) => (
              <Td key={i} className={i > 0 ? "text-right tabular-nums" : undefined}>
                {cell}
              </Td>
            ))}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
