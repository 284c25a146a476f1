import "server-only";
// The deals pipeline: per stage its count and value sum (over every deal), and the newest deals of each stage
// with their contact and assignee (closed stages: the most recently closed) — two statements whatever the number of deals.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import { DEAL_STAGES, type DealStage, type PipelineColumn, type PipelineDeal } from "../schemas";

export type { PipelineColumn, PipelineDeal };

export const PIPELINE_CARDS_PER_STAGE = 30;

interface DealRow {
  id: string;
  title: string;
  value: string;
  stage: DealStage;
  version: number;
  closed_at: Date | null;
  lost_reason: string | null;
  expected_close: string | null;
  contact_id: string;
  contact_name: string;
  assigned_to: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
}

export async function getPipeline(ctx: AuthContext, opts: { db?: Db } = {}): Promise<PipelineColumn[]> {
  const orgId = ctx.organization.id;
  const { stats, rows } = await withTenantContext(
    ctx,
    async (tx) => {
      const stats = await tx.$queryRaw<Array<{ stage: DealStage; count: number; sum: string }>>`
      select stage::text as stage, count(*)::int as count, coalesce(sum(value), 0)::text as sum
        from public.deals where organization_id = ${orgId}::uuid group by stage`;
      const rows = await tx.$queryRaw<DealRow[]>`
      select d.id, d.title, d.value::text as value, d.stage::text as stage, d.version, d.closed_at, d.lost_reason,
             d.expected_close::text as expected_close,
             d.contact_id, c.name as contact_name, d.assigned_to, u.name as assignee_name, u.email as assignee_email
        from unnest(enum_range(null::public.deal_stage)) s(stage)
       cross join lateral (
             select * from public.deals x
              where x.organization_id = ${orgId}::uuid and x.stage = s.stage
              order by x.closed_at desc nulls last, x.created_at desc, x.id desc
              limit ${PIPELINE_CARDS_PER_STAGE}) d
        join public.contacts c on c.organization_id = d.organization_id and c.id = d.contact_id
        left join public.users u on u.id = d.assigned_to
       order by d.closed_at desc nulls last, d.created_at desc, d.id desc`;
      return { stats, rows };
    },
    opts,
  );
  return DEAL_STAGES.map((stage) => {
    const s = stats.find((x) => x.stage === stage);
    return {
      stage,
      count: s?.count ?? 0,
      sum: s?.sum ?? "0",
      deals: rows
        .filter((r) => r.stage === stage)
        .map((r) => ({
          id: r.id,
          title: r.title,
          value: r.value,
          stage: r.stage,
          version: r.version,
          closedAt: r.closed_at?.toISOString() ?? null,
          lostReason: r.lost_reason,
          expectedClose: r.expected_close,
          contact: { id: r.contact_id, name: r.contact_name },
          assignee: r.assigned_to
            ? { id: r.assigned_to, name: r.assignee_name, email: r.assignee_email }
            : null,
        })),
    };
  });
}
