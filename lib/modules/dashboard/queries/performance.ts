import "server-only";
// The manager's dashboard's numbers in ONE statement (one tenant transaction): the leaderboard and KPIs for a
// period, the open pipeline by stage, lead sources with their conversion to clients, and this month's closings.
// tests/integration/dashboard/query-counts.test.ts holds the statement count; RLS applies as everywhere (a member of
// another organization reads zeros).
//
// Periods are calendar periods in UTC (this month, quarter, year), like every other date on the dashboard.
//
// Two expressions say when something happened; each is written once, in the CTEs `won` and `closed` below:
// - a deal was won at its `closed_at` (stamped by the database on entering a closed stage, or the day typed in the
//   Won dialog — migration 20261206002500);
// - a loop closed on its closing date (`expected_closing`), or the day it was last updated when it has none.
// A deal counts for its assignee (unassigned deals get their own row); a closed loop for each teammate who is its
// listing or buyer's agent.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import type { Period, TeamPerformance } from "../schemas";

/** How many lead sources and closings the dashboard lists (most contacts first; soonest first). */
export const SOURCE_ROWS = 12;
export const CLOSING_ROWS = 50;

type Raw = Omit<TeamPerformance, "period">;

export async function getTeamPerformance(
  ctx: AuthContext,
  period: Period,
  opts: { db?: Db } = {},
): Promise<TeamPerformance> {
  const org = ctx.organization.id;
  const [row] = await withTenantContext(
    ctx,
    (tx) => tx.$queryRaw<Array<{ result: Raw }>>`
      with now_utc as (
        select date_trunc(${period}, now() at time zone 'UTC') as p_start,
               date_trunc('month', now() at time zone 'UTC') as m_start,
               case ${period} when 'month' then interval '1 month' when 'quarter' then interval '3 months'
                              else interval '1 year' end as p_length
      ),
      b as (
        select p_start at time zone 'UTC' as starts, (p_start + p_length) at time zone 'UTC' as ends,
               p_start::date as from_day, (p_start + p_length)::date as to_day,
               m_start::date as month_from, (m_start + interval '1 month')::date as month_to
          from now_utc
      ),
      won as (
        select d.assigned_to as user_id, d.value, d.closed_at as won_at
          from public.deals d
         where d.organization_id = ${org}::uuid and d.stage = 'CLOSED_WON'
      ),
      won_in as (select w.user_id, w.value from won w, b where w.won_at >= b.starts and w.won_at < b.ends),
      closed as (
        select l.id, coalesce(l.expected_closing, (l.updated_at at time zone 'UTC')::date) as closed_on
          from public.transaction_loops l
         where l.organization_id = ${org}::uuid and l.status = 'CLOSED'
      ),
      closed_in as (select c.id from closed c, b where c.closed_on >= b.from_day and c.closed_on < b.to_day),
      loop_credit as (
        select distinct p.loop_id, p.user_id
          from public.loop_participants p join closed_in c on c.id = p.loop_id
         where p.organization_id = ${org}::uuid and p.user_id is not null
           and p.role in ('LISTING_AGENT', 'BUYERS_AGENT')
      ),
      people as (
        select m.user_id from public.organization_members m
         where m.organization_id = ${org}::uuid and m.accepted_at is not null
        union select user_id from won_in
        union select user_id from loop_credit
      ),
      board as (
        select p.user_id, u.name, u.email,
               (select count(*) from won_in w where w.user_id is not distinct from p.user_id)::int as deals_won,
               (select coalesce(sum(w.value), 0) from won_in w where w.user_id is not distinct from p.user_id) as volume,
               (select count(*) from loop_credit c where c.user_id = p.user_id)::int as loops_closed
          from people p left join public.users u on u.id = p.user_id
      ),
      open_deals as (
        select d.stage::text as stage, count(*)::int as count, sum(d.value) as value
          from public.deals d
         where d.organization_id = ${org}::uuid and d.stage not in ('CLOSED_WON', 'CLOSED_LOST')
         group by d.stage
      ),
      sources as (
        select nullif(btrim(c.source), '') as source, count(*)::int as contacts,
               (count(*) filter (where c.status in ('CLIENT', 'PAST_CLIENT')))::int as clients
          from public.contacts c
         where c.organization_id = ${org}::uuid
         group by 1
      )
      select json_build_object(
        'from', (select from_day::text from b),
        'to', (select to_day::text from b),
        'kpis', json_build_object(
          'dealsWon', (select count(*)::int from won_in),
          'closedVolume', (select coalesce(sum(value), 0)::text from won_in),
          'loopsClosed', (select count(*)::int from closed_in),
          'openPipeline', (select coalesce(sum(value), 0)::text from open_deals),
          'openDeals', (select coalesce(sum(count), 0)::int from open_deals),
          'contacts', (select coalesce(sum(contacts), 0)::int from sources),
          'clients', (select coalesce(sum(clients), 0)::int from sources)
        ),
        'leaderboard', coalesce((
          select json_agg(json_build_object(
                   'userId', user_id, 'name', name, 'email', email, 'dealsWon', deals_won,
                   'closedVolume', volume::text, 'loopsClosed', loops_closed)
                 order by volume desc, deals_won desc, loops_closed desc, user_id is null, name, email)
            from board), '[]'::json),
        'pipeline', (
          select json_agg(json_build_object('stage', s.stage::text, 'count', coalesce(o.count, 0),
                                            'value', coalesce(o.value, 0)::text) order by s.stage)
            from unnest(enum_range(null::public.deal_stage)) s(stage)
            left join open_deals o on o.stage = s.stage::text
           where s.stage not in ('CLOSED_WON', 'CLOSED_LOST')),
        'sources', coalesce((
          select json_agg(json_build_object('source', source, 'contacts', contacts, 'clients', clients)
                 order by contacts desc, source nulls last)
            from (select * from sources order by contacts desc, source nulls last limit ${SOURCE_ROWS}) s), '[]'::json),
        'closings', coalesce((
          select json_agg(json_build_object(
                   'id', id, 'propertyAddress', property_address, 'closingDate', expected_closing::text,
                   'status', status::text, 'listingPrice', listing_price::text)
                 order by expected_closing, property_address, id)
            from (select l.* from public.transaction_loops l, b
                   where l.organization_id = ${org}::uuid
                     and l.expected_closing >= b.month_from and l.expected_closing < b.month_to
                   order by l.expected_closing, l.property_address, l.id
                   limit ${CLOSING_ROWS}) l), '[]'::json)
      ) as result`,
    opts,
  );
  return { ...row!.result, period };
}
