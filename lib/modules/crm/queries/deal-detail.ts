import "server-only";
// A deal's page: the deal with its contact, assignee and the loop it became, its notes, and its stage history — read
// from the deal's audit entries (created and stage changes: who, from what to what, when, and why it closed), the
// record every move already writes in its own transaction (decision 0024). Three statements.
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import { withTenantContext } from "@/lib/database/tenant";
import { PERSON_SELECT, type Person } from "@/lib/people";
import { isUuid } from "@/lib/validation";
import { DEAL_STAGES, type DealStage } from "../schemas";

export const DEAL_HISTORY_LIMIT = 100;

export interface StageChange {
  id: string;
  at: string;
  actor: Person | null;
  /** null for the stage the deal was created in. */
  from: DealStage | null;
  to: DealStage;
  reason: string | null;
  value: string | null;
  closedOn: string | null;
}

export interface DealDetail {
  id: string;
  title: string;
  value: string;
  stage: DealStage;
  version: number;
  expectedClose: string | null;
  closedAt: string | null;
  lostReason: string | null;
  createdAt: string;
  contact: { id: string; name: string };
  assignee: Person | null;
  creator: Person | null;
  loop: { id: string; propertyAddress: string; status: string } | null;
  notes: Array<{ id: string; body: string; createdAt: string; author: Person | null }>;
  history: StageChange[];
}

interface HistoryRow {
  id: string;
  action: string;
  created_at: Date;
  user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
}

const person = { select: PERSON_SELECT } as const;
const asStage = (v: unknown): DealStage | null =>
  typeof v === "string" && (DEAL_STAGES as readonly string[]).includes(v) ? (v as DealStage) : null;
const asText = (v: unknown) => (typeof v === "string" ? v : null);

/** The deal, or null when it doesn't exist in this organization (another organization's id included). */
export async function getDealDetail(
  ctx: AuthContext,
  id: string,
  opts: { db?: Db } = {},
): Promise<DealDetail | null> {
  if (!isUuid(id)) return null;
  const orgId = ctx.organization.id;
  return withTenantContext(
    ctx,
    async (tx) => {
      const deal = await tx.deal.findFirst({
        where: { id, organizationId: orgId },
        select: {
          id: true,
          title: true,
          value: true,
          stage: true,
          version: true,
          expectedClose: true,
          closedAt: true,
          lostReason: true,
          createdAt: true,
          contact: { select: { id: true, name: true } },
          assignee: person,
          creator: person,
          loop: { select: { id: true, propertyAddress: true, status: true } },
          notes: {
            select: { id: true, body: true, createdAt: true, author: person },
            orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          },
        },
      });
      if (!deal) return null;
      const rows = await tx.$queryRaw<HistoryRow[]>`
        select l.id, l.action, l.created_at, l.user_id, u.name as actor_name, u.email as actor_email,
               l.old_values, l.new_values
          from public.transaction_audit_logs l
          left join public.users u on u.id = l.user_id
         where l.organization_id = ${orgId}::uuid and l.entity_type = 'deal' and l.entity_id = ${id}
           and l.action in ('deal.created', 'deal.stage_changed')
         order by l.seq desc
         limit ${DEAL_HISTORY_LIMIT}`;
      const history = rows.flatMap((r): StageChange[] => {
        const to = asStage(r.new_values?.stage);
        if (!to) return [];
        return [
          {
            id: r.id,
            at: r.created_at.toISOString(),
            actor: r.user_id ? { id: r.user_id, name: r.actor_name, email: r.actor_email } : null,
            from: r.action === "deal.created" ? null : asStage(r.old_values?.stage),
            to,
            reason: asText(r.new_values?.reason),
            value: asText(r.new_values?.value),
            closedOn: asText(r.new_values?.closedOn),
          },
        ];
      });
      return {
        ...deal,
        value: deal.value.toFixed(2),
        expectedClose: deal.expectedClose?.toISOString().slice(0, 10) ?? null,
        closedAt: deal.closedAt?.toISOString() ?? null,
        createdAt: deal.createdAt.toISOString(),
        notes: deal.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
        history,
      };
    },
    opts,
  );
}
