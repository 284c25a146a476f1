// The demo seed's deal stories: a few deals taken through the pipeline by the demo agent with the app's own services
// — moved stage by stage, won at their closing value and day or lost with a reason, with a note — so the board's
// Won/Lost columns, the deal pages' stage history and the team's leaderboard have something true to show.
// Idempotent: a deal whose title the organization already has is skipped.
import { authorizeUser } from "../../lib/auth/authorize";
import type { PrismaClient } from "../../lib/database/generated/prisma/client";
import type { DealStage } from "../../lib/modules/crm/schemas";
import { addDealNote, createDeal, moveDealStage } from "../../lib/modules/crm/services/deals";
import { asCurrentUser } from "./seed-showcase";

interface Story {
  title: string;
  value: number;
  path: DealStage[];
  end?: { won: { value: number; daysAgo: number } } | { lost: string };
  note?: string;
}

const STORIES: Story[] = [
  {
    title: "Whitaker — buy Harbor Rd",
    value: 640_000,
    path: ["QUALIFIED", "OFFER", "UNDER_CONTRACT"],
    end: { won: { value: 655_000, daysAgo: 6 } },
    note: "Appraisal came in at value; the sellers accepted our escalation.",
  },
  {
    title: "Moreau — sell Lake Dr",
    value: 815_000,
    path: ["SHOWING", "OFFER", "UNDER_CONTRACT"],
    end: { won: { value: 802_500, daysAgo: 21 } },
  },
  {
    title: "Okafor — sell Willow Way",
    value: 480_000,
    path: ["QUALIFIED", "SHOWING"],
    end: { lost: "Went with another agent" },
    note: "Listed with a friend of the family. Keep in touch for their next move.",
  },
  {
    title: "Lindqvist — buy Birch Ct",
    value: 395_000,
    path: ["QUALIFIED", "SHOWING", "OFFER"],
    end: { lost: "Financing fell through" },
  },
  {
    title: "Castillo — buy Cedar Ln",
    value: 520_000,
    path: ["QUALIFIED", "SHOWING", "OFFER"],
    note: "Offer in at 515k, response expected Friday.",
  },
];

const dayAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export async function seedDealOutcomes(
  db: PrismaClient,
  opts: { organization: string; agentEmail: string; contactIds: string[] },
): Promise<number> {
  const user = await db.user.findUniqueOrThrow({
    where: { email: opts.agentEmail },
    select: { id: true, email: true, name: true, globalRole: true },
  });
  const ctx = await authorizeUser(asCurrentUser(user), {
    organization: opts.organization,
    permission: "deals:write",
  });
  const organization = opts.organization;
  let created = 0;
  for (const [i, s] of STORIES.entries()) {
    const exists = await db.deal.findFirst({
      where: { organizationId: ctx.organization.id, title: s.title },
      select: { id: true },
    });
    if (exists) continue;
    const { id } = await createDeal(ctx, {
      organization,
      title: s.title,
      value: s.value,
      contactId: opts.contactIds[(i * 7) % opts.contactIds.length]!,
      assignedTo: user.id,
    });
    let version = 1;
    for (const stage of s.path) {
      ({ version } = await moveDealStage(ctx, { organization, id, stage, version }));
    }
    if (s.note) await addDealNote(ctx, { organization, dealId: id, body: s.note });
    if (s.end && "won" in s.end) {
      await moveDealStage(ctx, {
        organization,
        id,
        stage: "CLOSED_WON",
        version,
        closedValue: s.end.won.value,
        closedOn: dayAgo(s.end.won.daysAgo),
      });
    } else if (s.end) {
      await moveDealStage(ctx, { organization, id, stage: "CLOSED_LOST", version, lostReason: s.end.lost });
    }
    created++;
  }
  return created;
}
