// Two contacts that are the same person, each with rows in every table that references contacts: deals, tags (one
// tag on both), loop participations (both on one loop in the same role, each on a loop of its own), and a
// "not a duplicate" dismissal with a third contact. Written as the owner; used by the merge tests and the fault test.
import { ownerDb, suffix, type TestTenant } from "../../support/factories";

export interface MergePair {
  keep: string;
  remove: string;
  third: string;
  keepDeals: string[];
  removeDeals: string[];
  tags: { shared: string; keepOnly: string; removeOnly: string };
  loops: { shared: string; keepOnly: string; removeOnly: string };
}

export async function seedMergePair(t: TestTenant, name = `Amelia Brown ${suffix()}`): Promise<MergePair> {
  const db = ownerDb();
  const orgId = t.org.id;
  const s = suffix();
  const keep = await db.contact.create({
    data: {
      organizationId: orgId,
      name,
      email: `amelia-${s}@example.test`,
      phone: "+1 (555) 010-2000",
      company: null,
      status: "LEAD",
      source: "Open house",
      notes: "Met at the open house.",
      createdAt: new Date(Date.now() - 86_400_000),
    },
  });
  const remove = await db.contact.create({
    data: {
      organizationId: orgId,
      name: name.toUpperCase(),
      email: `a.brown-${s}@example.test`,
      phone: "555 010 2000",
      company: "Brown & Co",
      status: "CLIENT",
      source: "Referral",
      notes: "Prefers text messages.",
    },
  });
  const third = await db.contact.create({ data: { organizationId: orgId, name: `Someone else ${s}` } });
  const deal = (contactId: string, title: string) =>
    db.deal.create({ data: { organizationId: orgId, contactId, title }, select: { id: true } });
  const keepDeals = [(await deal(keep.id, "Sell the condo")).id];
  const removeDeals = [(await deal(remove.id, "Buy a house")).id, (await deal(remove.id, "Rent a flat")).id];
  const tag = (n: string) =>
    db.tag.create({ data: { organizationId: orgId, name: `${n} ${s}` }, select: { id: true } });
  const tags = {
    shared: (await tag("VIP")).id,
    keepOnly: (await tag("Seller")).id,
    removeOnly: (await tag("Buyer")).id,
  };
  await db.contactTag.createMany({
    data: [
      { organizationId: orgId, contactId: keep.id, tagId: tags.shared },
      { organizationId: orgId, contactId: keep.id, tagId: tags.keepOnly },
      { organizationId: orgId, contactId: remove.id, tagId: tags.shared },
      { organizationId: orgId, contactId: remove.id, tagId: tags.removeOnly },
    ],
  });
  const loop = (address: string) =>
    db.transactionLoop.create({
      data: { organizationId: orgId, propertyAddress: address, transactionType: "PURCHASE" },
      select: { id: true },
    });
  const loops = {
    shared: (await loop(`1 Shared St ${s}`)).id,
    keepOnly: (await loop(`2 Keep St ${s}`)).id,
    removeOnly: (await loop(`3 Remove St ${s}`)).id,
  };
  await db.loopParticipant.createMany({
    data: [
      { organizationId: orgId, loopId: loops.shared, role: "BUYER", contactId: keep.id },
      { organizationId: orgId, loopId: loops.shared, role: "BUYER", contactId: remove.id },
      { organizationId: orgId, loopId: loops.keepOnly, role: "SELLER", contactId: keep.id },
      { organizationId: orgId, loopId: loops.removeOnly, role: "BUYER", contactId: remove.id },
    ],
  });
  const [a, b] = [remove.id, third.id].sort() as [string, string];
  await db.contactDuplicateDismissal.create({ data: { organizationId: orgId, contactA: a, contactB: b } });
  return { keep: keep.id, remove: remove.id, third: third.id, keepDeals, removeDeals, tags, loops };
}

/** Every row that references either contact, by table, as the owner sees them (for before/after comparisons). */
export async function referencingRows(ids: string[]) {
  const db = ownerDb();
  return {
    contacts: await db.contact.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }),
    deals: await db.deal.findMany({ where: { contactId: { in: ids } }, orderBy: { id: "asc" } }),
    tags: await db.contactTag.findMany({
      where: { contactId: { in: ids } },
      orderBy: [{ contactId: "asc" }, { tagId: "asc" }],
    }),
    participants: await db.loopParticipant.findMany({
      where: { contactId: { in: ids } },
      orderBy: { id: "asc" },
    }),
    dismissals: await db.contactDuplicateDismissal.findMany({
      where: { OR: [{ contactA: { in: ids } }, { contactB: { in: ids } }] },
    }),
  };
}
