import "server-only";
// A deal that is going ahead becomes a transaction loop: the loop is created as any other (its checklist, the
// creator as agent, loop.created) and the deal points at it (deals.loop_id), in one transaction with a
// deal.loop_started entry. It touches the deal, so the caller needs deals:write as well as loops:write.
import { accessDenial } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { tenantService } from "@/lib/service";
import { startLoopFromDealSchema } from "../schemas";
import { insertLoop } from "./loops";

export const startLoopFromDeal = tenantService(startLoopFromDealSchema, async (tx, input, ctx) => {
  if (accessDenial(ctx, "deals:write")) {
    throw new AppError("FORBIDDEN", "You can't change deals in this organization.");
  }
  const organizationId = ctx.organization.id;
  // Locks the deal so two clicks can't start two loops.
  const [deal] = await tx.$queryRaw<Array<{ title: string; loop_id: string | null }>>`
    select title, loop_id from public.deals
     where id = ${input.dealId}::uuid and organization_id = ${organizationId}::uuid
       for update`;
  if (!deal) throw new AppError("NOT_FOUND", "That deal doesn't exist (it may have been deleted).");
  if (deal.loop_id) throw new AppError("CONFLICT", "This deal already has a transaction.");
  const { dealId: _dealId, ...loopInput } = input;
  const loop = await insertLoop(tx, ctx, loopInput, { id: input.dealId, title: deal.title });
  return { id: loop.id };
});
