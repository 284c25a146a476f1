// The contacts list: search across fields, filters, every sort, keyset pagination forwards and backwards
// (no row lost or repeated), tenant isolation, and the query plans (indexes, not sequential scans).
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthContext } from "@/lib/auth/authorize";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext } from "@/lib/database/tenant";
import { buildContactPageQuery, encodeCursor, listContacts } from "@/lib/modules/crm/queries/contact-list";
import { contactListParamsSchema, type ContactSort } from "@/lib/modules/crm/schemas";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { ownerDb, suffix, type TestTenant } from "../../support/factories";
import { crmTenant, ctxOf, seedContacts } from "./support";

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

describe("search and filters", () => {
  let t: TestTenant;
  let ctx: AuthContext;
  beforeAll(async () => {
    t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const write = await ctxOf(t, "OWNER");
    ctx = await ctxOf(t, "MEMBER", "contacts:read");
    const org = t.org.slug;
    const soon = new Date(Date.now() + 3 * 86_400_000);
    await createContact(write, {
      organization: org,
      name: "Maria Gonzalez",
      email: "maria@harbor.test",
      company: "Harbor Homes",
      status: "CLIENT",
      assignedTo: t.users.MEMBER!.id,
    });
    await createContact(write, {
      organization: org,
      name: "Tom O'Brien",
      phone: "(555) 123-9876",
      status: "LEAD",
      nextFollowUp: new Date(Date.now() - 86_400_000),
    });
    await createContact(write, {
      organization: org,
      name: "Ann Lee",
      email: "ann@lakeside.test",
      company: "Lakeside 100%",
      status: "LEAD",
      assignedTo: t.users.OWNER!.id,
      nextFollowUp: soon,
    });
    await createContact(write, { organization: org, name: "Zed_Under", status: "LOST" });
    // Another organization's look-alike must never show up.
    const other = await crmTenant({ roles: ["OWNER"] });
    await createContact(await ctxOf(other, "OWNER"), {
      organization: other.org.slug,
      name: "Maria Gonzalez",
      email: "maria@harbor.test",
    });
  });

  const names = async (params: Record<string, string>) =>
    (await listContacts(ctx, params)).items.map((i) => i.name).sort();

  it("searches name, email, phone (as typed or digits only) and company, case-insensitively", async () => {
    expect(await names({ q: "gonz" })).toEqual(["Maria Gonzalez"]);
    expect(await names({ q: "HARBOR.TEST" })).toEqual(["Maria Gonzalez"]);
    expect(await names({ q: "123-98" })).toEqual(["Tom O'Brien"]);
    expect(await names({ q: "5551239876" })).toEqual(["Tom O'Brien"]);
    expect(await names({ q: "lakeside" })).toEqual(["Ann Lee"]);
    expect(await names({ q: "nobody-here" })).toEqual([]);
  });

  it("treats % and _ in the search as literal characters", async () => {
    expect(await names({ q: "100%" })).toEqual(["Ann Lee"]);
    expect(await names({ q: "_" })).toEqual(["Zed_Under"]);
    expect(await names({ q: "%" })).toEqual(["Ann Lee"]);
  });

  it("filters by status, assignee (a member, me, nobody) and follow-up, and counts the matches", async () => {
    expect(await names({ status: "LEAD" })).toEqual(["Ann Lee", "Tom O'Brien"]);
    expect(await names({ assignee: t.users.OWNER!.id })).toEqual(["Ann Lee"]);
    expect(await names({ assignee: "me" })).toEqual(["Maria Gonzalez"]);
    expect(await names({ assignee: "none" })).toEqual(["Tom O'Brien", "Zed_Under"]);
    expect(await names({ followUp: "due" })).toEqual(["Tom O'Brien"]);
    expect(await names({ followUp: "week" })).toEqual(["Ann Lee"]);
    expect(await names({ followUp: "none" })).toEqual(["Maria Gonzalez", "Zed_Under"]);
    expect(await names({ status: "LEAD", assignee: "none" })).toEqual(["Tom O'Brien"]);
    const page = await listContacts(ctx, { status: "LEAD" });
    expect(page.total).toBe(2);
    expect((await listContacts(ctx, {})).total).toBe(4);
  });

  it("ignores invalid URL params instead of failing", async () => {
    const page = await listContacts(ctx, {
      status: "NOPE",
      sort: "sideways",
      size: "7",
      after: "garbage",
      assignee: "x",
    });
    expect(page.params).toMatchObject({ sort: "newest", size: 50 });
    expect(page.total).toBe(4);
  });

  it("returns the assignee's name and the deal count with each row", async () => {
    const page = await listContacts(ctx, { q: "maria" });
    expect(page.items[0]).toMatchObject({
      status: "CLIENT",
      assignee: { id: t.users.MEMBER!.id, name: t.users.MEMBER!.name },
      dealCount: 0,
    });
  });
});

describe("sorting and keyset pagination", () => {
  let ctx: AuthContext;
  const N = 137;
  beforeAll(async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    ctx = await ctxOf(t, "OWNER", "contacts:read");
    await seedContacts(t.org.id, N, { prefix: `Pg${suffix()}`, followUps: true });
    // Equal created_at and names: the id tie-breaker must keep pages disjoint.
    await ownerDb()
      .$executeRaw`update public.contacts set created_at = date_trunc('hour', created_at), name = left(name, length(name) - 1)
                                 where organization_id = ${t.org.id}::uuid`;
  });

  async function walk(sort: ContactSort) {
    const seen: string[] = [];
    const pages: Array<{ ids: string[]; prev: string | null; next: string | null }> = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await listContacts(ctx, { sort, size: "25", ...(after ? { after } : {}) });
      seen.push(...ids(page));
      pages.push({ ids: ids(page), prev: page.prevCursor, next: page.nextCursor });
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    return { seen, pages };
  }

  it.each(["newest", "oldest", "name", "name_desc", "follow_up"] as const)(
    "visits every contact exactly once in %s order",
    async (sort) => {
      const { seen, pages } = await walk(sort);
      expect(seen).toHaveLength(N);
      expect(new Set(seen).size).toBe(N);
      expect(pages).toHaveLength(Math.ceil(N / 25));
      expect(pages[0]!.prev).toBeNull();
      expect(pages.at(-1)!.next).toBeNull();
      // The order matches the database's own ORDER BY.
      const expected = await withTenantContext(ctx, async (tx) => {
        const order = {
          newest: Prisma.sql`created_at desc, id desc`,
          oldest: Prisma.sql`created_at asc, id asc`,
          name: Prisma.sql`name asc, id asc`,
          name_desc: Prisma.sql`name desc, id desc`,
          follow_up: Prisma.sql`next_follow_up asc nulls last, id asc`,
        }[sort];
        const rows = await tx.$queryRaw<
          Array<{ id: string }>
        >`select id from public.contacts where organization_id = ${ctx.organization.id}::uuid order by ${order}`;
        return rows.map((r) => r.id);
      });
      expect(seen).toEqual(expected);
    },
  );

  it("pages backwards to exactly the previous page", async () => {
    const p1 = await listContacts(ctx, { size: "25" });
    const p2 = await listContacts(ctx, { size: "25", after: p1.nextCursor! });
    const p3 = await listContacts(ctx, { size: "25", after: p2.nextCursor! });
    const back2 = await listContacts(ctx, { size: "25", before: p3.prevCursor! });
    expect(ids(back2)).toEqual(ids(p2));
    const back1 = await listContacts(ctx, { size: "25", before: back2.prevCursor! });
    expect(ids(back1)).toEqual(ids(p1));
    expect(back1.prevCursor).toBeNull();
    expect(back1.nextCursor).not.toBeNull();
  });

  it("treats a cursor made for another sort, or a forged one, as the first page", async () => {
    const first = await listContacts(ctx, { size: "25" });
    const byName = await listContacts(ctx, { sort: "name", size: "25" });
    expect(ids(await listContacts(ctx, { size: "25", after: byName.nextCursor! }))).toEqual(ids(first));
    const forged = encodeCursor({
      sort: "newest",
      key: "'); drop table contacts; --",
      id: first.items[0]!.id,
    });
    expect(ids(await listContacts(ctx, { size: "25", after: forged }))).toEqual(ids(first));
  });
});

describe("query plans", () => {
  let ctx: AuthContext;
  beforeAll(async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    ctx = await ctxOf(t, "OWNER", "contacts:read");
    await seedContacts(t.org.id, 5_000, { prefix: `Plan${suffix()}`, followUps: true });
    await seedContacts(t.org.id, 1, { prefix: "Needle Zyxwvut" });
    await ownerDb().$executeRawUnsafe("analyze public.contacts");
  });

  async function plan(params: Record<string, string>): Promise<string> {
    const query = buildContactPageQuery(ctx, contactListParamsSchema.parse(params));
    const rows = await withTenantContext(
      ctx,
      (tx) => tx.$queryRaw<Array<{ "QUERY PLAN": string }>>`explain ${query}`,
    );
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  }

  it("reads the default sort from its index, on page 1 and on a deep page (an index range, not a filter)", async () => {
    const first = await plan({});
    expect(first).not.toMatch(/Seq Scan on contacts/);
    expect(first).toMatch(/Index Scan using contacts_organization_id_created_at_idx on contacts c/);
    const rows = await ownerDb().$queryRaw<Array<{ key: string; id: string }>>`
      select created_at::text as key, id from public.contacts where organization_id = ${ctx.organization.id}::uuid
       order by created_at desc, id desc offset 4000 limit 1`;
    const deep = await plan({ after: encodeCursor({ sort: "newest", key: rows[0]!.key, id: rows[0]!.id }) });
    expect(deep).not.toMatch(/Seq Scan on contacts/);
    expect(deep).toMatch(/Index Cond: .*ROW\((c\.)?created_at, (c\.)?id\) < ROW\(/);
  });

  it("uses the name and follow-up indexes for those sorts", async () => {
    expect(await plan({ sort: "name" })).toMatch(/Index Scan using contacts_organization_id_name_idx/);
    expect(await plan({ sort: "name_desc" })).toMatch(
      /Index Scan Backward using contacts_organization_id_name_idx/,
    );
    expect(await plan({ sort: "follow_up" })).toMatch(
      /Index Scan using contacts_organization_id_follow_up_sort_idx/,
    );
    expect(await plan({ assignee: "me" })).toMatch(/contacts_organization_id_assignee_created_idx/);
  });

  it("searches through private.contact_search_ids(), the trigram-indexed search that works under RLS", async () => {
    // (Which join the planner picks around it depends on the table's size: tests/bench/crm-contacts.bench.ts prints
    // the plan at 100,000 contacts.)
    expect(await plan({ q: "zyxwvut" })).toMatch(/private\.contact_search_ids\(/);
    expect((await listContacts(ctx, { q: "zyxwvut" })).items.map((i) => i.name)).toEqual([
      "Needle Zyxwvut contact 000001",
    ]);
  });

  it("the search function's query is the one the trigram index serves", async () => {
    // Its body, with the parameters bound and scans that evaluate the expression on every row made expensive
    // (as they are at 100k rows): if the expression drifted from the index's, there'd be no trigram path to pick.
    const fn = await ownerDb().$queryRaw<Array<{ src: string }>>`
      select prosrc as src from pg_proc where oid = 'private.contact_search_ids(uuid, text)'::regprocedure`;
    const body = fn[0]!.src
      .replace(/p_organization_id/g, `'${ctx.organization.id}'::uuid`)
      .replace(/p_pattern/g, "'%zyxwvut%'");
    const lines = await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("set local enable_seqscan = off");
      await tx.$executeRawUnsafe("set local cpu_operator_cost = 1");
      return tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`explain ${body}`);
    });
    expect(lines.map((l) => l["QUERY PLAN"]).join("\n")).toMatch(
      /Bitmap Index Scan on contacts_search_trgm_idx/,
    );
  });
});
