// Client-safe shapes of the manager's dashboard: team performance over a period (leaderboard and KPIs), the open
// pipeline by stage, lead sources with their conversion to clients, and this month's closings.
import { z } from "zod";

export const PERIODS = ["month", "quarter", "year"] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = {
  month: "This month",
  quarter: "This quarter",
  year: "This year",
};

/** `?period=` on the page and the refresh route; anything else is this month. */
export const periodSchema = z.enum(PERIODS).catch("month");
export const performanceQuerySchema = z.object({ period: periodSchema.optional().default("month") });

export interface LeaderboardRow {
  /** null: deals nobody is assigned to. */
  userId: string | null;
  name: string | null;
  email: string | null;
  dealsWon: number;
  /** Sum of the won deals' values, exact (decimal text). */
  closedVolume: string;
  loopsClosed: number;
}

export interface PerformanceKpis {
  dealsWon: number;
  closedVolume: string;
  loopsClosed: number;
  /** Open deals (not won or lost), now. */
  openPipeline: string;
  openDeals: number;
  /** Contacts who became clients (CLIENT or PAST_CLIENT) out of all contacts, now. */
  contacts: number;
  clients: number;
}

export interface StageValue {
  /** A deal stage (DEAL_STAGES in the CRM's schemas). */
  stage: string;
  count: number;
  value: string;
}

export interface LeadSource {
  /** null: contacts without a source. */
  source: string | null;
  contacts: number;
  clients: number;
}

export interface Closing {
  id: string;
  propertyAddress: string;
  closingDate: string;
  /** A loop status (LOOP_STATUSES in the transactions' schemas). */
  status: string;
  listingPrice: string | null;
}

export interface TeamPerformance {
  period: Period;
  /** The period's first day and the day after its last (UTC calendar days, YYYY-MM-DD). */
  from: string;
  to: string;
  kpis: PerformanceKpis;
  leaderboard: LeaderboardRow[];
  pipeline: StageValue[];
  sources: LeadSource[];
  closings: Closing[];
}
