import "server-only";
// Reads of the people on loops: a loop's participants (inside getLoop's transaction), and the loops a CRM contact
// takes part in (the contact's page).
import type { AuthContext } from "@/lib/auth/authorize";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext, type TenantTx } from "@/lib/database/tenant";
import { PERSON_SELECT, type Person } from "@/lib/people";
import { isUuid } from "@/lib/validation";
import { PARTICIPANT_ROLES, type LoopStatus, type ParticipantRole, type TransactionType } from "../schemas";

export interface ParticipantView {
  id: string;
  role: ParticipantRole;
  /** A CRM contact, or null for a teammate. */
  contact: {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    company: string | null;
  } | null;
  /** A teammate, or null for a contact (also null once a teammate's profile can't be read: they left). */
  user: Person | null;
  createdAt: string;
}

const PARTICIPANT_SELECT = {
  id: true,
  role: true,
  createdAt: true,
  contact: { select: { id: true, name: true, email: true, phone: true, company: true } },
  user: { select: PERSON_SELECT },
} as const satisfies Prisma.LoopParticipantSelect;

const roleOrder = (role: ParticipantRole) => PARTICIPANT_ROLES.indexOf(role);

/** A loop's participants in role order (buyer, seller, agents, services), then in the order they were added. */
export async function loopParticipants(
  tx: TenantTx,
  organizationId: string,
  loopId: string,
): Promise<ParticipantView[]> {
  const rows = await tx.loopParticipant.findMany({
    where: { organizationId, loopId },
    select: PARTICIPANT_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows
    .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role));
}

export interface ContactLoop {
  loopId: string;
  propertyAddress: string;
  transactionType: TransactionType;
  status: LoopStatus;
  /** The contact's roles on this loop (one person can be, say, seller and landlord). */
  roles: ParticipantRole[];
}

/** The loops a contact takes part in, newest first, one row per loop. */
export async function listLoopsOfContact(ctx: AuthContext, contactId: string): Promise<ContactLoop[]> {
  if (!isUuid(contactId)) return [];
  const rows = await withTenantContext(ctx, (tx) =>
    tx.loopParticipant.findMany({
      where: { organizationId: ctx.organization.id, contactId },
      select: {
        role: true,
        loop: { select: { id: true, propertyAddress: true, transactionType: true, status: true } },
      },
      orderBy: [{ loop: { createdAt: "desc" } }, { loopId: "asc" }],
    }),
  );
  const loops = new Map<string, ContactLoop>();
  for (const { role, loop } of rows) {
    const entry = loops.get(loop.id) ?? {
      loopId: loop.id,
      propertyAddress: loop.propertyAddress,
      transactionType: loop.transactionType,
      status: loop.status,
      roles: [],
    };
    entry.roles.push(role);
    loops.set(loop.id, entry);
  }
  for (const entry of loops.values()) entry.roles.sort((a, b) => roleOrder(a) - roleOrder(b));
  return [...loops.values()];
}
