"use server";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { activitySinceSchema } from "../schemas";
import { listActivitySince } from "../services/feed";

/** The live feed's backfill: entries after the last one the browser has (after a reconnect or a sleep). */
export const listActivitySinceAction = action("listActivitySince", activitySinceSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "activity",
    permission: "activity:read",
  });
  return listActivitySince(ctx, input.afterSeq);
});
