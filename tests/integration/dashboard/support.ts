// A seeded scenario for the manager's dashboard: two agents' won deals spread over this month, earlier this
// quarter, earlier this year and last year; closed loops crediting their agents; open deals; contacts by source.
// Dates are placed relative to the current UTC calendar periods, and the expected numbers are worked out here
// from the same dates, so the tests hold on any day of the year.
import { ownerDb, seedTenant, type TestTenant } from "../../support/factories";

export const HOUR = 3_600_000;

export function periodStarts(now = new Date()) {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return {
    month: new Date(Date.UTC(y, m, 1)),
    quarter: new Date(Date.UTC(y, m - (m % 3), 1)),
    year: new Date(Date.UTC(y, 0, 1)),
    nextMonth: new Date(Date.UTC(y, m + 1, 1)),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export interface Scenario {
  t: TestTenant;
  contactId: string;
  /** Won deals: [assignee role or null, value, won at]. */
  won: Array<[agent: "MEMBER" | "ADMIN" | null, value: number, at: Date]>;
}

/** Inserts a deal as the owner; a closed one closed at `updatedAt` (closed_at is the leaderboard's "won at"). */
export async function insertDeal(
  orgId: string,
  contactId: string,
  opts: { value: number; stage: string; assignedTo: string | null; updatedAt?: Date; title?: string },
) {
  const [row] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
    `insert into public.deals (organization_id, contact_id, title, value, stage, assigned_to, updated_at, closed_at)
     values ($1::uuid, $2::uuid, $3, $4::numeric, $5::public.deal_stage, $6::uuid, $7::timestamptz,
             case when $5 in ('CLOSED_WON', 'CLOSED_LOST') then $7::timestamptz end) returning id`,
    orgId,
    contactId,
    opts.title ?? `Deal ${opts.stage} ${opts.value}`,
    opts.value,
    opts.stage,
    opts.assignedTo,
    (opts.updatedAt ?? new Date()).toISOString(),
  );
  return row!.id;
}

export async function insertLoop(
  orgId: string,
  opts: { address: string; status: string; closing: Date | null; agents?: Array<[string, string]> },
) {
  const [loop] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
    `insert into public.transaction_loops (organization_id, property_address, transaction_type, status, expected_closing)
     values ($1::uuid, $2, 'PURCHASE', $3::public.loop_status, $4::date) returning id`,
    orgId,
    opts.address,
    opts.status,
    opts.closing ? day(opts.closing) : null,
  );
  for (const [role, userId] of opts.agents ?? []) {
    await ownerDb().$executeRawUnsafe(
      `insert into public.loop_participants (organization_id, loop_id, role, user_id)
       values ($1::uuid, $2::uuid, $3::public.participant_role, $4::uuid)`,
      orgId,
      loop!.id,
      role,
      userId,
    );
  }
  return loop!.id;
}

export async function seedScenario(): Promise<Scenario> {
  const t = await seedTenant({ roles: ["OWNER", "ADMIN", "MEMBER", "VIEWER"] });
  const orgId = t.org.id;
  const s = periodStarts();
  // Contacts by source: Zillow 4 (1 client, 1 past client), Referral 2 (none), no source 1 (a client).
  const contacts: Array<[string | null, string]> = [
    ["Zillow", "CLIENT"],
    ["Zillow", "PAST_CLIENT"],
    ["Zillow", "LEAD"],
    [" Zillow ", "LOST"],
    ["Referral", "PROSPECT"],
    ["Referral", "ACTIVE"],
    [null, "CLIENT"],
  ];
  const ids: string[] = [];
  for (const [i, [source, status]] of contacts.entries()) {
    const [c] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
      `insert into public.contacts (organization_id, name, status, source)
       values ($1::uuid, $2, $3::public.contact_status, $4) returning id`,
      orgId,
      `Contact ${i}`,
      status,
      source,
    );
    ids.push(c!.id);
  }
  const contactId = ids[0]!;
  const member = t.users.MEMBER!.id;
  const admin = t.users.ADMIN!.id;
  const won: Scenario["won"] = [
    ["MEMBER", 100_000, new Date(s.month.getTime() + HOUR)],
    ["MEMBER", 50_000, new Date(s.quarter.getTime() + 2 * HOUR)],
    ["MEMBER", 25_000, new Date(s.year.getTime() + 3 * HOUR)],
    ["MEMBER", 999, new Date(s.year.getTime() - 24 * HOUR)], // last year: never counted
    ["ADMIN", 300_000.5, new Date(s.month.getTime() + 4 * HOUR)],
    [null, 10, new Date(s.month.getTime() + 5 * HOUR)],
  ];
  for (const [agent, value, at] of won) {
    await insertDeal(orgId, contactId, {
      value,
      stage: "CLOSED_WON",
      assignedTo: agent === "MEMBER" ? member : agent === "ADMIN" ? admin : null,
      updatedAt: at,
    });
  }
  // Lost and open deals: never on the leaderboard; open ones are the pipeline.
  await insertDeal(orgId, contactId, { value: 7_000, stage: "CLOSED_LOST", assignedTo: member });
  await insertDeal(orgId, contactId, { value: 1_000, stage: "LEAD", assignedTo: member });
  await insertDeal(orgId, contactId, { value: 2_500, stage: "LEAD", assignedTo: admin });
  await insertDeal(orgId, contactId, { value: 40_000, stage: "OFFER", assignedTo: admin });
  // Loops: one closed this month with both agents; one closed last year; one closing this month, still open.
  await insertLoop(orgId, {
    address: "1 Month Close",
    status: "CLOSED",
    closing: s.month,
    agents: [
      ["LISTING_AGENT", member],
      ["BUYERS_AGENT", admin],
      ["TRANSACTION_COORDINATOR", t.users.OWNER!.id], // not an agent: no credit
    ],
  });
  await insertLoop(orgId, {
    address: "2 Old Close",
    status: "CLOSED",
    closing: new Date(s.year.getTime() - 40 * 24 * HOUR),
    agents: [["LISTING_AGENT", member]],
  });
  await insertLoop(orgId, {
    address: "3 Pending Close",
    status: "UNDER_CONTRACT",
    closing: new Date(s.nextMonth.getTime() - 24 * HOUR),
    agents: [["BUYERS_AGENT", member]],
  });
  return { t, contactId, won };
}

/** What the leaderboard should say for a period, from the scenario's own dates. */
export function expectedWon(scenario: Scenario, period: "month" | "quarter" | "year") {
  // Every seeded date is before the current month's end, which no period ends before.
  const start = periodStarts()[period];
  const inPeriod = scenario.won.filter(([, , at]) => at >= start);
  const of = (agent: "MEMBER" | "ADMIN" | null) => {
    const rows = inPeriod.filter(([a]) => a === agent);
    return { dealsWon: rows.length, closedVolume: rows.reduce((n, [, v]) => n + v, 0) };
  };
  return { MEMBER: of("MEMBER"), ADMIN: of("ADMIN"), unassigned: of(null), total: inPeriod.length };
}
