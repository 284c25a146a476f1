// `npm run db:seed`: idempotent demo data — two organizations on different tiers, one user per role, a few
// hundred contacts, deals, and transaction loops built from the organizations' checklist templates. Auth users are created through Supabase Auth's
// admin API (the official client), so the demo logins work. Rows get deterministic ids, so running it
// again changes nothing. Runs outside any tenant context on purpose (seeds are one of the few named places).
import { createHash } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { createPool, createPrismaClient } from "../lib/database/client";
import type {
  ContactStatus,
  DealStage,
  LoopStatus,
  ParticipantRole,
  TransactionType,
} from "../lib/database/generated/prisma/enums";
import {
  CREATOR_ROLES,
  planChecklist,
  TEMPLATE_ITEM_ORDER,
  TEMPLATE_ITEM_SELECT,
} from "../lib/modules/transactions";
import { LOST_REASONS } from "../lib/modules/crm/schemas";
import { seedDealOutcomes } from "./lib/seed-deal-outcomes";
import { asCurrentUser, seedShowcase } from "./lib/seed-showcase";
import { seedTags } from "./lib/seed-tags";
import { seedTimeline } from "./lib/seed-timeline";
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, type DemoUser } from "./lib/demo-data";
import { loadStackEnv, requireEnv } from "./lib/stack-env";

loadStackEnv();

/** A stable UUID from a name, so seeded rows keep their ids across runs. */
function seedId(name: string): string {
  const h = createHash("sha256").update(`hearth-seed:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Elijah",
  "Sophia",
  "Lucas",
  "Amelia",
  "Mason",
  "Harper",
  "Ethan",
  "Isla",
  "Leo",
  "Zoe",
  "Mateo",
  "Nora",
  "Kai",
  "Ruby",
  "Omar",
];
const LAST = [
  "Nguyen",
  "Garcia",
  "Smith",
  "Patel",
  "Kim",
  "Johnson",
  "Rossi",
  "Müller",
  "Okafor",
  "Silva",
  "Cohen",
  "Dubois",
  "Tanaka",
  "Brown",
  "Larsen",
  "Haddad",
  "Moreau",
  "Walsh",
  "Novak",
  "Reyes",
];
const COMPANIES = [
  null,
  null,
  "Northwind Co",
  "Blue Harbor LLC",
  "Summit Partners",
  "Oak & Pine",
  "Riverstone",
  null,
  "Lakeside Dental",
  "Brightpath",
];
const SOURCES = ["Referral", "Website", "Open house", "Zillow", "Instagram", "Sign call", "Past client"];
const STATUSES: ContactStatus[] = ["LEAD", "LEAD", "PROSPECT", "ACTIVE", "CLIENT", "PAST_CLIENT", "LOST"];
const STAGES: DealStage[] = [
  "LEAD",
  "QUALIFIED",
  "SHOWING",
  "OFFER",
  "UNDER_CONTRACT",
  "CLOSED_WON",
  "CLOSED_LOST",
];
const STREETS = [
  "Maple Ave",
  "Cedar Ln",
  "Harbor Rd",
  "Elm St",
  "Willow Way",
  "Birch Ct",
  "Sunset Blvd",
  "Lake Dr",
];
// No generated loop is closed: closing needs its required documents approved, which the showcase loops
// (scripts/lib/seed-showcase.ts) go through for real.
const LOOP_STATUSES: LoopStatus[] = ["DRAFT", "ACTIVE", "ACTIVE", "UNDER_CONTRACT", "CLOSING", "CLOSING"];
/** The clients on each kind of transaction, as CRM contacts. */
const CLIENT_ROLES: Record<TransactionType, ParticipantRole[]> = {
  PURCHASE: ["BUYER"],
  LISTING: ["SELLER"],
  DUAL: ["SELLER", "BUYER"],
  LEASE: ["LANDLORD", "TENANT"],
};
const TYPES: TransactionType[] = ["PURCHASE", "LISTING", "DUAL", "LEASE"];

async function ensureAuthUser(admin: SupabaseClient, u: DemoUser): Promise<string> {
  const created = await admin.auth.admin.createUser({
    email: u.email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    user_metadata: { name: u.name },
  });
  if (created.data.user) return created.data.user.id;
  if (created.error && !/already/i.test(created.error.message) && created.error.code !== "email_exists") {
    throw new Error(`Could not create auth user ${u.email}: ${created.error.message}`);
  }
  for (let page = 1; ; page++) {
    const { data, error } = await admin.auth.admin.listUsers({ page, perPage: 200 });
    if (error) throw new Error(`Could not list auth users: ${error.message}`);
    const found = data.users.find((x) => x.email === u.email);
    if (found) return found.id;
    if (data.users.length < 200)
      throw new Error(`Auth user ${u.email} exists but was not found in the listing`);
  }
}

export async function seed(log: (s: string) => void = console.info) {
  const databaseUrl = requireEnv(
    "DATABASE_URL",
    "Start the local stack (`npm run stack`) or set DATABASE_URL.",
  );
  const supabaseUrl = requireEnv("NEXT_PUBLIC_SUPABASE_URL", "Start the local stack or set it.");
  const serviceKey = requireEnv("SUPABASE_SERVICE_ROLE_KEY", "Start the local stack or set it.");
  const admin = createClient(supabaseUrl, serviceKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const pool = createPool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 10_000,
  });
  const db = createPrismaClient(pool);
  try {
    const userIds = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const id = await ensureAuthUser(admin, u);
      userIds.set(u.email, id);
      await db.user.upsert({
        where: { id },
        create: { id, email: u.email, name: u.name, globalRole: u.globalRole },
        update: { name: u.name, globalRole: u.globalRole },
      });
    }

    for (const o of DEMO_ORGS) {
      const orgId = seedId(`org:${o.slug}`);
      const owner = DEMO_USERS.find((u) =>
        u.memberships.some((m) => m.org === o.slug && m.role === "OWNER"),
      )!;
      await db.organization.upsert({
        where: { slug: o.slug },
        create: { id: orgId, slug: o.slug, name: o.name, createdBy: userIds.get(owner.email) },
        update: {},
      });
      const org = await db.organization.findUniqueOrThrow({ where: { slug: o.slug } });
      await db.subscription.upsert({
        where: { organizationId: org.id },
        create: { organizationId: org.id, tier: o.tier, status: "ACTIVE" },
        update: {},
      });
      const members = DEMO_USERS.flatMap((u) =>
        u.memberships.filter((m) => m.org === o.slug).map((m) => ({ u, m })),
      );
      const membershipIds = new Map<string, string>();
      for (const { u, m } of members) {
        const userId = userIds.get(u.email)!;
        const membership = await db.organizationMember.upsert({
          where: { organizationId_userId: { organizationId: org.id, userId } },
          create: {
            organizationId: org.id,
            userId,
            role: m.role,
            acceptedAt: new Date(),
            invitedAt: new Date(),
          },
          update: {},
          select: { id: true },
        });
        membershipIds.set(userId, membership.id);
      }
      const memberIds = members.map(({ u }) => userIds.get(u.email)!);
      // Work (contacts, deals, tasks) goes only to those who can do it: viewers read and change nothing.
      const agents = members.filter(({ m }) => m.role !== "VIEWER").map(({ u }) => userIds.get(u.email)!);
      const rand = rng(o.contacts * 7919);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const day = 24 * 3600 * 1000;
      const now = Date.now();

      const contacts = Array.from({ length: o.contacts }, (_, i) => {
        const first = pick(FIRST);
        const last = pick(LAST);
        const followUp = rand() < 0.3 ? new Date(now + Math.floor((rand() * 20 - 5) * day)) : null;
        return {
          id: seedId(`contact:${o.slug}:${i}`),
          organizationId: org.id,
          name: `${first} ${last}`,
          email: `${first}.${last}.${i}@example.com`
            .toLowerCase()
            .normalize("NFKD")
            .replace(/[^\x20-\x7e]/g, ""),
          phone: `+1 555 ${String(100 + (i % 900)).padStart(3, "0")} ${String(1000 + i).slice(-4)}`,
          company: pick(COMPANIES),
          status: pick(STATUSES),
          source: pick(SOURCES),
          assignedTo: rand() < 0.8 ? pick(agents) : null,
          nextFollowUp: followUp,
          notes:
            rand() < 0.2 ? "Prefers text messages. Interested in 3-bedroom homes near good schools." : null,
          createdBy: memberIds[0],
          createdAt: new Date(now - Math.floor(rand() * 120) * day),
        };
      });
      const c = await db.contact.createMany({ data: contacts, skipDuplicates: true });

      const deals = contacts
        .filter((_, i) => i % 4 === 0)
        .map((contact, i) => {
          const stage = pick(STAGES);
          return {
            id: seedId(`deal:${o.slug}:${i}`),
            organizationId: org.id,
            contactId: contact.id,
            title: `${contact.name.split(" ")[1]} — ${pick(["buy", "sell", "lease"])} ${pick(STREETS)}`,
            value: String(Math.round(150_000 + rand() * 1_200_000)),
            stage,
            expectedClose: new Date(now + Math.floor(rand() * 90) * day),
            assignedTo: contact.assignedTo,
            createdBy: memberIds[0],
            // Closed deals spread over ten months, so the dashboard's month, quarter and year differ; lost ones say why.
            closedAt:
              stage === "CLOSED_WON" || stage === "CLOSED_LOST" ? new Date(now - (i % 10) * 30 * day) : null,
            lostReason: stage === "CLOSED_LOST" ? LOST_REASONS[i % LOST_REASONS.length]! : null,
          };
        });
      const d = await db.deal.createMany({ data: deals, skipDuplicates: true });

      // Loops as createLoop makes them — from the organization's checklist templates through the same planChecklist —
      // with key dates along a typical timeline and the work done so far.
      const templates = new Map(
        (
          await db.checklistTemplate.findMany({
            where: { organizationId: org.id },
            select: {
              transactionType: true,
              items: { select: TEMPLATE_ITEM_SELECT, orderBy: [...TEMPLATE_ITEM_ORDER] },
            },
          })
        ).map((t) => [t.transactionType, t.items]),
      );
      const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const today = dateOnly(now);
      let loopsCreated = 0;
      for (let i = 0; i < o.loops; i++) {
        const loopId = seedId(`loop:${o.slug}:${i}`);
        const status = pick(LOOP_STATUSES);
        const type = pick(TYPES);
        const agent = pick(agents);
        const existing = await db.transactionLoop.findUnique({ where: { id: loopId }, select: { id: true } });
        if (existing) continue;
        // A typical timeline: an offer accepted a few weeks ago (a closed loop's two months ago), inspection,
        // appraisal and financing deadlines after it, closing 40 days after acceptance and possession after that.
        // Loops not yet under contract only have an expected closing.
        const accepted = !["DRAFT", "ACTIVE"].includes(status);
        const acceptance = now - Math.floor((status === "CLOSED" ? 50 : 5) + rand() * 30) * day;
        const closing = accepted ? acceptance + 40 * day : now + Math.floor(30 + rand() * 60) * day;
        const dates = accepted
          ? {
              ACCEPTANCE: dateOnly(acceptance),
              INSPECTION: dateOnly(acceptance + 10 * day),
              APPRAISAL: dateOnly(acceptance + 17 * day),
              FINANCING: dateOnly(acceptance + 24 * day),
              CLOSING: dateOnly(closing),
              POSSESSION: dateOnly(closing + (type === "LEASE" ? 0 : day)),
            }
          : { CLOSING: dateOnly(closing) };
        const roles = CREATOR_ROLES[type];
        const checklist = planChecklist(templates.get(type) ?? [], {
          dates,
          people: Object.fromEntries(roles.map((role) => [role, agent])),
        });
        // Work whose date has passed is mostly done; a closed loop's is all done.
        const done = checklist.tasks.map(
          (t) => status === "CLOSED" || (t.dueDate !== null && t.dueDate < today && rand() < 0.8),
        );
        const doneCount = done.filter(Boolean).length;
        await db.transactionLoop.create({
          data: {
            id: loopId,
            organizationId: org.id,
            propertyAddress: `${100 + i * 7} ${pick(STREETS)}, Springfield`,
            transactionType: type,
            listingPrice: String(Math.round(200_000 + rand() * 900_000)),
            expectedClosing: new Date(`${dates.CLOSING}T00:00:00Z`),
            status,
            progress: checklist.tasks.length ? Math.round((doneCount / checklist.tasks.length) * 100) : 0,
            createdBy: agent,
            participants: {
              create: [
                ...roles.map((role) => ({ role, userId: agent, createdBy: agent })),
                ...CLIENT_ROLES[type].map((role, k) => ({
                  role,
                  contactId: contacts[(i * 5 + k * 3) % contacts.length]!.id,
                  createdBy: agent,
                })),
              ],
            },
            keyDates: {
              create: checklist.keyDates.map((k) => ({
                kind: k.kind,
                date: k.date ? new Date(`${k.date}T00:00:00Z`) : null,
                status: status === "CLOSED" || (k.date !== null && k.date < today) ? "MET" : "PENDING",
              })),
            },
            tasks: {
              create: checklist.tasks.map((t, n) => ({
                ...t,
                dueDate: t.dueDate ? new Date(`${t.dueDate}T00:00:00Z`) : null,
                status: done[n] ? "DONE" : "TODO",
                completed: done[n],
                completedAt: done[n] ? new Date(now - (checklist.tasks.length - n) * day) : null,
              })),
            },
            slots: { create: checklist.slots },
          },
        });
        loopsCreated++;
      }
      // Audit history, written once: re-inserting with ON CONFLICT DO NOTHING would still advance the
      // organization's hash chain (the chain trigger runs before the conflict check).
      let audited = 0;
      if ((await db.auditLog.count({ where: { organizationId: org.id } })) === 0) {
        const ownerId = userIds.get(owner.email)!;
        const entries = [
          {
            userId: ownerId,
            action: "organization.created",
            entityType: "organization",
            entityId: org.id,
            newValues: { name: o.name, slug: o.slug, tier: o.tier },
          },
          ...members.map(({ u, m }) => ({
            userId: userIds.get(u.email)!,
            action: "member.joined",
            entityType: "member",
            entityId: membershipIds.get(userIds.get(u.email)!)!,
            newValues: { email: u.email, role: m.role },
          })),
          ...contacts.slice(0, 25).map((ct) => ({
            userId: ct.createdBy ?? ownerId,
            action: "contact.created",
            entityType: "contact",
            entityId: ct.id,
            newValues: { name: ct.name, email: ct.email, status: ct.status },
          })),
        ];
        const r = await db.auditLog.createMany({
          data: entries.map((e) => ({ ...e, organizationId: org.id })),
        });
        audited = r.count;
      }
      // Showcase loops through the app's services: documents, reviews and their audit entries (after the history
      // above, which is written only into an empty log).
      const showcased = o.showcase
        ? await seedShowcase(db, {
            organization: o.slug,
            agentEmail: o.showcase.agent,
            reviewerEmail: o.showcase.reviewer,
            contactIds: contacts.map((ct) => ct.id),
          })
        : 0;
      // Deals won at a value and day, or lost with a reason, through the deal services (stage history and notes).
      const stories = o.showcase
        ? await seedDealOutcomes(db, {
            organization: o.slug,
            agentEmail: o.showcase.agent,
            contactIds: contacts.map((ct) => ct.id),
          })
        : 0;
      // A few tags on demo contacts, tagged by the showcase's agent.
      const agent = o.showcase
        ? await db.user.findUnique({
            where: { email: o.showcase.agent },
            select: { id: true, email: true, name: true, globalRole: true },
          })
        : null;
      const tagged = agent
        ? await seedTags(db, {
            organization: o.slug,
            agent: asCurrentUser(agent),
            contactIds: contacts.map((ct) => ct.id),
          })
        : 0;
      // A few of the demo agent's contacts get a timeline: logged calls and notes, reminders due today.
      const timeline = o.showcase
        ? await seedTimeline(db, { organization: o.slug, agentEmail: o.showcase.agent })
        : 0;
      log(
        `[seed] ${o.name} (${o.tier}): +${c.count} contacts, +${d.count + stories} deals, +${loopsCreated + showcased} loops, +${audited} audit entries, +${tagged} tags on contacts, +${timeline} timeline entries and reminders`,
      );
    }
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then(() => {
      console.info("[seed] done. Demo logins (password for all: " + DEMO_PASSWORD + "):");
      for (const u of DEMO_USERS) {
        console.info(
          `  ${u.email.padEnd(26)} ${u.memberships.map((m) => `${m.role} of ${m.org}`).join(", ") || u.globalRole}`,
        );
      }
    })
    .catch((err) => {
      console.error(`[seed] failed: ${(err as Error).message}`);
      process.exit(1);
    });
}
