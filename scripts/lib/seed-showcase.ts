// The demo seed's showcase transactions: a handful of loops made the way a team makes them — through the same
// services the app's actions call, as the demo agent and the demo admin — so each has its template's checklist, key
// dates, people from the CRM and new ones, encrypted documents in its slots and a review history, and together they
// show every compliance state: documents missing, ready to submit, pending review, returned with a note, approved
// and closed. Every step writes its audit entry, so the live feed and the audit log tell the same story.
// Idempotent: a showcase loop whose address the organization already has is skipped.
import { randomUUID } from "node:crypto";
import { authorizeUser, type AuthContext } from "../../lib/auth/authorize";
import type { CurrentUser } from "../../lib/auth/current-user";
import type { Permission } from "../../lib/auth/permissions";
import type { PrismaClient } from "../../lib/database/generated/prisma/client";
import type { GlobalRole } from "../../lib/database/generated/prisma/enums";
import { uploadDocument } from "../../lib/modules/documents/services/documents";
import {
  approveDocument,
  returnDocument,
  submitLoopForReview,
} from "../../lib/modules/documents/services/review";
import { getLoop } from "../../lib/modules/transactions";
import type { ParticipantRole, TransactionType } from "../../lib/modules/transactions/schemas";
import { saveKeyDate } from "../../lib/modules/transactions/services/key-dates";
import { changeLoopStatus, createLoop } from "../../lib/modules/transactions/services/loops";
import { addParticipant } from "../../lib/modules/transactions/services/participants";
import { setTaskCompleted } from "../../lib/modules/transactions/services/tasks";
import { pdfDocument } from "./sample-files";

type Stage = "MISSING" | "UPLOADED" | "PENDING" | "RETURNED" | "APPROVED";

interface Showcase {
  address: string;
  type: TransactionType;
  price: number;
  /** Days from today; acceptance null: not under contract yet. */
  acceptance: number | null;
  closing: number;
  stage: Stage;
  /** Clients from the CRM, by the index of a seeded contact. */
  clients: Array<[ParticipantRole, number]>;
  /** People the agent adds on the spot (they become CRM contacts too, so each appears once in the showcase). */
  newPeople: Array<{ role: ParticipantRole; name: string; email: string; phone: string }>;
}

const LENDER = {
  role: "LENDER" as const,
  name: "Dana Lee (Northwind Mortgage)",
  email: "dana.lee@northwind-mortgage.example",
  phone: "+1 555 201 4410",
};
const TITLE = {
  role: "TITLE_ESCROW" as const,
  name: "Marcus Bell (Blue Harbor Title)",
  email: "closings@blueharbor-title.example",
  phone: "+1 555 201 7782",
};

export const SHOWCASE: readonly Showcase[] = [
  {
    address: "41 Harbor Rd, Springfield",
    type: "PURCHASE",
    price: 485_000,
    acceptance: -6,
    closing: 34,
    stage: "MISSING",
    clients: [["BUYER", 3]],
    newPeople: [LENDER],
  },
  {
    address: "9 Willow Way, Springfield",
    type: "LISTING",
    price: 629_000,
    acceptance: null,
    closing: 60,
    stage: "UPLOADED",
    clients: [["SELLER", 7]],
    newPeople: [],
  },
  {
    address: "230 Lake Dr, Springfield",
    type: "DUAL",
    price: 742_500,
    acceptance: -12,
    closing: 28,
    stage: "PENDING",
    clients: [
      ["SELLER", 11],
      ["BUYER", 12],
    ],
    newPeople: [TITLE],
  },
  {
    address: "17 Cedar Ln, Springfield",
    type: "PURCHASE",
    price: 398_000,
    acceptance: -30,
    closing: 8,
    stage: "RETURNED",
    clients: [["BUYER", 15]],
    newPeople: [
      {
        role: "LENDER",
        name: "Priya Shah (Summit Lending)",
        email: "priya.shah@summit-lending.example",
        phone: "+1 555 201 5531",
      },
      {
        role: "ATTORNEY",
        name: "Helen Okafor",
        email: "helen@okafor-law.example",
        phone: "+1 555 201 8090",
      },
    ],
  },
  {
    address: "5 Birch Ct, Unit 2, Springfield",
    type: "LEASE",
    price: 2_450,
    acceptance: -40,
    closing: -3,
    stage: "APPROVED",
    clients: [
      ["LANDLORD", 19],
      ["TENANT", 20],
    ],
    newPeople: [],
  },
];

export const RETURN_NOTE = "Page 3 is missing the buyer's initials next to the inspection contingency.";

export function asCurrentUser(u: {
  id: string;
  email: string;
  name: string | null;
  globalRole: GlobalRole;
}): CurrentUser {
  const sessionId = randomUUID();
  return {
    ...u,
    avatarUrl: null,
    sessionId,
    claims: { sub: u.id, email: u.email, role: "authenticated", session_id: sessionId },
  };
}

const day = 24 * 3600 * 1000;
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);
const pdf = (title: string, address: string) =>
  new Blob([new Uint8Array(pdfDocument([`${title}`, address]))]).stream() as ReadableStream<Uint8Array>;

/**
 * Creates the showcase loops in `organization` as `agentEmail` (a member), reviewed by `reviewerEmail` (an admin).
 * `contactIds` are the organization's seeded contacts, by index.
 */
export async function seedShowcase(
  db: PrismaClient,
  opts: { organization: string; agentEmail: string; reviewerEmail: string; contactIds: string[] },
): Promise<number> {
  const users = await db.user.findMany({
    where: { email: { in: [opts.agentEmail, opts.reviewerEmail] } },
    select: { id: true, email: true, name: true, globalRole: true },
  });
  const agentUser = asCurrentUser(users.find((u) => u.email === opts.agentEmail)!);
  const reviewerUser = asCurrentUser(users.find((u) => u.email === opts.reviewerEmail)!);
  // One authorization per person and permission (each write authorization counts against the rate limit).
  const contexts = new Map<string, Promise<AuthContext>>();
  const as = (user: CurrentUser, permission: Permission) => {
    const key = `${user.id}:${permission}`;
    if (!contexts.has(key))
      contexts.set(key, authorizeUser(user, { organization: opts.organization, permission }));
    return contexts.get(key)!;
  };
  const organization = opts.organization;
  const org = await db.organization.findUniqueOrThrow({
    where: { slug: organization },
    select: { id: true },
  });

  let created = 0;
  for (const s of SHOWCASE) {
    const exists = await db.transactionLoop.findFirst({
      where: { organizationId: org.id, propertyAddress: s.address },
      select: { id: true },
    });
    if (exists) continue;
    const agent = await as(agentUser, "loops:write");
    const { id: loopId } = await createLoop(agent, {
      organization,
      propertyAddress: s.address,
      transactionType: s.type,
      listingPrice: String(s.price),
      expectedClosing: dateIn(s.closing),
    });
    if (s.acceptance !== null) {
      const past = (offset: number) => (s.acceptance! + offset < 0 ? "MET" : "PENDING");
      const dates: Array<["ACCEPTANCE" | "INSPECTION" | "APPRAISAL" | "FINANCING", number]> =
        s.type === "LEASE"
          ? [["ACCEPTANCE", 0]]
          : [
              ["ACCEPTANCE", 0],
              ["INSPECTION", 10],
              ["APPRAISAL", 17],
              ["FINANCING", 24],
            ];
      for (const [kind, offset] of dates) {
        await saveKeyDate(agent, {
          organization,
          loopId,
          kind,
          date: dateIn(s.acceptance + offset),
          status: past(offset),
        });
      }
    }
    for (const [role, index] of s.clients) {
      await addParticipant(agent, {
        organization,
        loopId,
        role,
        kind: "contact",
        contactId: opts.contactIds[index % opts.contactIds.length],
      });
    }
    for (const p of s.newPeople) {
      await addParticipant(agent, { organization, loopId, kind: "newContact", ...p });
    }

    // The work whose date has passed is done.
    const today = dateIn(0);
    let loop = await getLoop(await as(agentUser, "loops:read"), loopId);
    for (const task of loop.tasks) {
      if (task.dueDate !== null && task.dueDate < today) {
        await setTaskCompleted(agent, { organization, taskId: task.id, completed: true });
      }
    }

    // Documents: every required slot (only the first when some are still missing), as the stage says.
    const uploader = await as(agentUser, "documents:write");
    const required = loop.slots.filter((slot) => slot.required);
    const toUpload = s.stage === "MISSING" ? required.slice(0, 1) : required;
    const uploaded: Array<{ id: string; slot: string }> = [];
    for (const slot of toUpload) {
      const doc = await uploadDocument(uploader, {
        loopId,
        fileName: `${slot.title} - ${s.address.split(",")[0]}.pdf`,
        slotId: slot.id,
        body: pdf(slot.title, s.address),
      });
      uploaded.push({ id: doc.id, slot: slot.title });
    }
    if (s.stage !== "MISSING" && s.stage !== "UPLOADED") {
      await submitLoopForReview(uploader, { organization, loopId });
    }
    if (s.stage === "RETURNED" || s.stage === "APPROVED") {
      const reviewer = await as(reviewerUser, "reviews:manage");
      for (const [i, doc] of uploaded.entries()) {
        if (s.stage === "RETURNED" && i === uploaded.length - 1) {
          await returnDocument(reviewer, { organization, documentId: doc.id, note: RETURN_NOTE });
        } else {
          await approveDocument(reviewer, { organization, documentId: doc.id });
        }
      }
    }

    // Through the status table to where the loop stands; a loop closes only once its documents are approved.
    const path =
      s.stage === "APPROVED"
        ? (["ACTIVE", "UNDER_CONTRACT", "CLOSING", "CLOSED"] as const)
        : s.acceptance === null
          ? (["ACTIVE"] as const)
          : s.closing <= 10
            ? (["ACTIVE", "UNDER_CONTRACT", "CLOSING"] as const)
            : (["ACTIVE", "UNDER_CONTRACT"] as const);
    for (const status of path) await changeLoopStatus(agent, { organization, loopId, status });
    if (s.stage === "APPROVED") {
      await saveKeyDate(agent, {
        organization,
        loopId,
        kind: "CLOSING",
        date: dateIn(s.closing),
        status: "MET",
      });
    }
    loop = await getLoop(await as(agentUser, "loops:read"), loopId);
    if (loop.compliance.state !== s.stage) {
      throw new Error(`showcase ${s.address}: compliance is ${loop.compliance.state}, expected ${s.stage}`);
    }
    created++;
  }
  return created;
}
