import "server-only";
// People on a loop: a CRM contact (picked, or created here with the crm module's createContact in the same
// transaction, so the contact and the participant commit together with both audit entries) or a teammate (an
// active member), in a role; and removing them again. Each change is audited on the loop
// (participant.added / participant.removed), which the team reads in the feed.
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { createContact } from "@/lib/modules/crm";
import { assertTeammate } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";
import type { z } from "zod";
import { addParticipantSchema, PARTICIPANT_ROLE_LABELS, removeParticipantSchema } from "../schemas";
import { lockLoop } from "./shared";

type AddParticipant = z.output<typeof addParticipantSchema>;

interface ResolvedPerson {
  contactId: string | null;
  userId: string | null;
  name: string;
}

const participantGone = () => new AppError("NOT_FOUND", "That person is no longer on this transaction.");

const contactNotFound = () =>
  new AppError("NOT_FOUND", "We couldn't find that contact (it may have been deleted).", {
    fieldErrors: { contactId: ["Choose a contact from your organization"] },
  });

/** The contact or teammate the input names, checked against this organization (creating the contact if new). */
async function resolvePerson(tx: TenantTx, input: AddParticipant, ctx: AuthContext): Promise<ResolvedPerson> {
  const organizationId = ctx.organization.id;
  switch (input.kind) {
    case "contact": {
      const contact = await tx.contact.findFirst({
        where: { id: input.contactId!, organizationId },
        select: { id: true, name: true },
      });
      if (!contact) throw contactNotFound();
      return { contactId: contact.id, userId: null, name: contact.name };
    }
    case "newContact": {
      // A CRM contact like any other: same checks, its own audit entry; the database refuses it without contacts:write.
      const created = await createContact.within(tx, ctx, {
        organization: input.organization,
        name: input.name!,
        email: input.email,
        phone: input.phone,
      });
      return { contactId: created.id, userId: null, name: created.name };
    }
    case "member": {
      await assertTeammate(tx, organizationId, input.userId, "userId");
      const user = await tx.user.findUniqueOrThrow({
        where: { id: input.userId! },
        select: { id: true, name: true, email: true },
      });
      return { contactId: null, userId: user.id, name: user.name ?? user.email };
    }
  }
}

/** Adds a person to a loop in a role (CONFLICT when they already have that role there). */
export const addParticipant = tenantService(
  addParticipantSchema,
  async (tx, input, ctx): Promise<{ id: string; name: string }> => {
    const organizationId = ctx.organization.id;
    const loop = await lockLoop(tx, organizationId, input.loopId);
    const person = await resolvePerson(tx, input, ctx);
    const role = PARTICIPANT_ROLE_LABELS[input.role].toLowerCase();
    const existing = await tx.loopParticipant.findFirst({
      where: {
        organizationId,
        loopId: input.loopId,
        role: input.role,
        contactId: person.contactId,
        userId: person.userId,
      },
      select: { id: true },
    });
    if (existing) {
      throw new AppError("CONFLICT", `${person.name} is already on this transaction as ${role}.`, {
        fieldErrors: { role: [`Already on this transaction as ${role}`] },
      });
    }
    const row = await tx.loopParticipant.create({
      data: {
        organizationId,
        loopId: input.loopId,
        role: input.role,
        contactId: person.contactId,
        userId: person.userId,
        createdBy: ctx.user.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "participant.added",
      entityType: "transaction_loop",
      entityId: input.loopId,
      newValues: {
        participantId: row.id,
        role: input.role,
        person: person.name,
        contactId: person.contactId,
        userId: person.userId,
        propertyAddress: loop.propertyAddress,
      },
    });
    return { id: row.id, name: person.name };
  },
);

/** Takes a person off a loop (any of them, the last agent included). */
export const removeParticipant = tenantService(
  removeParticipantSchema,
  async (tx, input, ctx): Promise<{ id: string; name: string }> => {
    const organizationId = ctx.organization.id;
    const participant = await tx.loopParticipant.findFirst({
      where: { id: input.participantId, organizationId },
      select: {
        loopId: true,
        role: true,
        contactId: true,
        userId: true,
        contact: { select: { name: true } },
        user: { select: { name: true, email: true } },
      },
    });
    if (!participant) throw participantGone();
    const loop = await lockLoop(tx, organizationId, participant.loopId);
    // A teammate may have removed them meanwhile: then nothing is deleted and nothing is audited.
    const { count } = await tx.loopParticipant.deleteMany({
      where: { id: input.participantId, organizationId },
    });
    if (count !== 1) throw participantGone();
    const name =
      participant.contact?.name ?? participant.user?.name ?? participant.user?.email ?? "A former member";
    await recordAudit(tx, ctx, {
      action: "participant.removed",
      entityType: "transaction_loop",
      entityId: participant.loopId,
      oldValues: {
        participantId: input.participantId,
        role: participant.role,
        person: name,
        contactId: participant.contactId,
        userId: participant.userId,
        propertyAddress: loop.propertyAddress,
      },
    });
    return { id: input.participantId, name };
  },
);
