"use client";
// The manager's team performance: a period switch (this month / quarter / year, kept in the URL as ?period=),
// KPIs, the leaderboard per agent, the open pipeline by stage, lead sources with their conversion to clients and
// this month's closings. The first numbers come from the server; PerformanceSync fetches them again whenever the
// organization's audit log says a deal, loop or contact changed, after a reconnect and when the tab wakes.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { StatCard } from "@/components/crm/charts";
import { Badge, Card, CardHeader, EmptyState, TBody, THead, Table, Td, Th, Tr } from "@/components/ui";
import { formatCount, formatDate, formatMoney, personName, plural } from "@/components/ui/format";
import { DEAL_STAGE_LABELS, type DealStage } from "@/lib/modules/crm/schemas";
import { PerformanceSync } from "@/lib/modules/dashboard/client";
import { PERIOD_LABELS, PERIODS, type Period, type TeamPerformance } from "@/lib/modules/dashboard/schemas";
import { LOOP_STATUS_LABELS, type LoopStatus } from "@/lib/modules/transactions/schemas";
import { getJson } from "@/lib/http-client";
import { createBrowserSupabase, type PublicSupabaseConfig } from "@/lib/supabase/browser";
import { runLiveSync } from "@/lib/supabase/live-channel";
import { ChartFigure, NumbersTable } from "./chart-figure";
import { PipelineChart, SourcesChart } from "./charts";

export interface TeamPerformanceProps {
  organization: { id: string; slug: string };
  initial: TeamPerformance;
  supabase: PublicSupabaseConfig;
  /** Tests render without a live channel. */
  live?: boolean;
}

const stageLabel = (stage: string) => DEAL_STAGE_LABELS[stage as DealStage] ?? stage;
const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 100)}%`);

export function TeamPerformancePanel({
  organization,
  initial,
  supabase: config,
  live = true,
}: TeamPerformanceProps) {
  const [data, setData] = useState(initial);
  const [period, setPeriod] = useState<Period>(initial.period);
  const [status, setStatus] = useState("CONNECTING");
  const [loading, setLoading] = useState(false);
  const periodRef = useRef(period);

  const fetchPeriod = async (p: Period) => {
    const result = await getJson<TeamPerformance>(
      `/api/organizations/${encodeURIComponent(organization.slug)}/dashboard/performance?period=${p}`,
    );
    if (!result.ok) throw new Error(result.error.message);
    // A slower answer for a period the user has left is dropped.
    if (result.data.period === periodRef.current) setData(result.data);
  };

  useEffect(() => {
    if (!live) return;
    const sync = new PerformanceSync({
      supabase: createBrowserSupabase(config),
      organizationId: organization.id,
      refresh: () => fetchPeriod(periodRef.current),
      onStatus: setStatus,
    });
    return runLiveSync(sync);
    // Restarts only when the organization changes (the page keys the panel by organization too).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organization.id]);

  const choose = async (p: Period) => {
    setPeriod(p);
    periodRef.current = p;
    const url = new URL(window.location.href);
    url.searchParams.set("period", p);
    window.history.replaceState(null, "", url);
    setLoading(true);
    try {
      await fetchPeriod(p);
    } catch {
      // Offline: the numbers stay as they were until the next change or wake.
    } finally {
      if (periodRef.current === p) setLoading(false);
    }
  };

  const k = data.kpis;
  const shown = data.period === period ? data : null;
  const board = data.leaderboard;
  return (
    <section aria-labelledby="performance-heading" className="flex flex-col gap-3" aria-busy={loading}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="performance-heading" className="text-lg font-semibold">
          Team performance
        </h2>
        <div className="flex items-center gap-3">
          <p className="flex items-center gap-2 text-xs text-fg-muted" role="status">
            {live && (
              <>
                <span
                  aria-hidden="true"
                  className={`inline-block size-2 rounded-full ${status === "SUBSCRIBED" ? "bg-success" : "bg-amber-500"}`}
                />
                {status === "SUBSCRIBED" ? "Numbers live" : "Connecting numbers…"}
              </>
            )}
          </p>
          <fieldset className="flex rounded-md border border-border bg-surface p-0.5 text-sm">
            <legend className="sr-only">Period</legend>
            {PERIODS.map((p) => (
              <label
                key={p}
                className="cursor-pointer rounded px-3 py-1 text-fg-muted has-[:checked]:bg-accent has-[:checked]:text-[var(--accent-contrast)] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-[var(--focus)]"
              >
                <input
                  type="radio"
                  name="performance-period"
                  value={p}
                  checked={period === p}
                  onChange={() => void choose(p)}
                  className="sr-only"
                />
                {PERIOD_LABELS[p]}
              </label>
            ))}
          </fieldset>
        </div>
      </div>
      <p className="text-sm text-fg-muted">
        {PERIOD_LABELS[data.period]}: {formatDate(data.from)} to {formatDate(previousDay(data.to))} (UTC).
        {shown === null && " Loading…"}
      </p>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 2xl:grid-cols-5">
        <StatCard label="Deals won" value={formatCount(k.dealsWon)} />
        <StatCard label="Closed volume" value={formatMoney(k.closedVolume)} />
        <StatCard label="Loops closed" value={formatCount(k.loopsClosed)} />
        <StatCard
          label="Open pipeline"
          value={formatMoney(k.openPipeline)}
          hint={plural(k.openDeals, "open deal")}
        />
        <StatCard
          label="Lead to client"
          value={percent(k.clients, k.contacts)}
          hint={`${formatCount(k.clients)} of ${formatCount(k.contacts)} contacts`}
        />
      </div>
      <Card>
        <CardHeader title="Leaderboard" description="Deals won, closed volume and loops closed per agent." />
        {board.length === 0 ? (
          <EmptyState title="No agents yet" description="Invite your team to see who is closing." />
        ) : (
          <Table label={`Leaderboard, ${PERIOD_LABELS[data.period].toLowerCase()}`}>
            <THead>
              <Tr>
                <Th className="w-10">#</Th>
                <Th>Agent</Th>
                <Th className="text-right">Deals won</Th>
                <Th className="text-right">Closed volume</Th>
                <Th className="text-right">Loops closed</Th>
              </Tr>
            </THead>
            <TBody>
              {board.map((r, i) => (
                <Tr key={r.userId ?? "unassigned"}>
                  <Td className="tabular-nums text-fg-muted">{i + 1}</Td>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {r.userId === null ? "Unassigned deals" : personName(r)}
                  </th>
                  <Td className="text-right tabular-nums">{formatCount(r.dealsWon)}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(r.closedVolume)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(r.loopsClosed)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <ChartFigure
            title="Open pipeline by stage"
            chart={
              <PipelineChart
                stages={data.pipeline.map((s) => ({
                  label: stageLabel(s.stage),
                  value: Number(s.value),
                  count: s.count,
                }))}
              />
            }
            table={
              <NumbersTable
                label="Open pipeline by stage"
                columns={["Stage", "Deals", "Value"]}
                rows={data.pipeline.map((s) => ({
                  key: s.stage,
                  cells: [stageLabel(s.stage), formatCount(s.count), formatMoney(s.value)],
                }))}
              />
            }
          />
        </Card>
        <Card>
          <ChartFigure
            title="Lead sources"
            chart={
              <SourcesChart
                sources={data.sources.map((s) => ({
                  label: s.source ?? "No source",
                  contacts: s.contacts,
                  clients: s.clients,
                }))}
              />
            }
            table={
              <NumbersTable
                label="Lead sources"
                columns={["Source", "Contacts", "Became clients", "Conversion"]}
                rows={data.sources.map((s) => ({
                  key: s.source ?? "",
                  cells: [
                    s.source ?? "No source",
                    formatCount(s.contacts),
                    formatCount(s.clients),
                    percent(s.clients, s.contacts),
                  ],
                }))}
              />
            }
          />
        </Card>
      </div>
      <Card>
        <CardHeader
          title="Closings this month"
          description={`${formatCount(data.closings.length)} with a closing date this month`}
        />
        {data.closings.length === 0 ? (
          <p className="text-sm text-fg-muted">No closing dates this month.</p>
        ) : (
          <Table label="Closings this month">
            <THead>
              <Tr>
                <Th>Property</Th>
                <Th>Closing</Th>
                <Th>Status</Th>
                <Th className="text-right">Price</Th>
              </Tr>
            </THead>
            <TBody>
              {data.closings.map((c) => (
                <Tr key={c.id}>
                  <Td>
                    <Link
                      className="underline-offset-2 hover:underline"
                      href={`/${organization.slug}/transactions/${c.id}`}
                    >
                      {c.propertyAddress}
                    </Link>
                  </Td>
                  <Td className="tabular-nums">{formatDate(c.closingDate)}</Td>
                  <Td>
                    <Badge
                      tone={
                        c.status === "CLOSED" ? "success" : c.status === "CANCELLED" ? "danger" : "accent"
                      }
                    >
                      {LOOP_STATUS_LABELS[c.status as LoopStatus] ?? c.status}
                    </Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{formatMoney(c.listingPrice)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </section>
  );
}

/** The period's last day, from the day after it. */
function previousDay(isoDay: string): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
