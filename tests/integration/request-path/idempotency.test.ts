// A create form's key through the real server action, with a real session: since issue 15 the key is claimed by
// the request's first statement (private.begin_request, with the access check), not by a statement of its own. What
// decision 0020 promises must hold on that path too: a resubmission answers the first result and creates nothing,
// the same key with other values is refused, 20 copies at once make one record, and a refused caller claims
// nothing (the key still works for the next, authorized, submission).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { createContactAction as CreateContactAction } from "@/lib/modules/crm/actions/create-contact";
import { ownerDb } from "../../support/factories";
import { countAppStatements, countedWorld, type CountedWorld } from "./support";

vi.mock("next/headers", () => import("./next-mocks"));
vi.mock("next/cache", () => import("./next-mocks"));

let world: CountedWorld;
let createContactAction: typeof CreateContactAction;

beforeAll(async () => {
  world = await countedWorld(1);
  ({ createContactAction } = await import("@/lib/modules/crm/actions/create-contact"));
}, 60_000);

const key = () => randomUUID().replaceAll("-", "");
const named = (name: string) => ownerDb().contact.count({ where: { organizationId: world.t.org.id, name } });

describe("a create form's key, claimed with the access check", () => {
  it("answers a resubmission with the first result and creates nothing more", async () => {
    const idempotencyKey = key();
    const input = { organization: world.slug, name: `Once ${idempotencyKey}`, idempotencyKey } as never;
    const first = await createContactAction(input);
    expect(first).toMatchObject({ ok: true });
    const again = await createContactAction(input);
    expect(again).toEqual(first);
    expect(await named(`Once ${idempotencyKey}`)).toBe(1);
  });

  it("refuses the same key with other values", async () => {
    const idempotencyKey = key();
    await createContactAction({
      organization: world.slug,
      name: `First ${idempotencyKey}`,
      idempotencyKey,
    } as never);
    const other = await createContactAction({
      organization: world.slug,
      name: `Other ${idempotencyKey}`,
      idempotencyKey,
    } as never);
    expect(other).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await named(`Other ${idempotencyKey}`)).toBe(0);
  });

  it("makes one record of 20 copies sent at once", async () => {
    const idempotencyKey = key();
    const input = { organization: world.slug, name: `Copies ${idempotencyKey}`, idempotencyKey } as never;
    const results = await Promise.all(Array.from({ length: 20 }, () => createContactAction(input)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await named(`Copies ${idempotencyKey}`)).toBe(1);
  });

  it("claims it in the access statement: no statement of its own", async () => {
    const counter = countAppStatements();
    try {
      const r = await counter.count(() =>
        createContactAction({
          organization: world.slug,
          name: `Counted ${key()}`,
          idempotencyKey: key(),
        } as never),
      );
      expect(
        r.statements.some((s) => /idempotency_begin/.test(s)),
        r.statements.join("\n"),
      ).toBe(false);
      expect(r.statements.some((s) => /idempotency_finish/.test(s))).toBe(true);
    } finally {
      counter.restore();
    }
  });

  it("isn't claimed by a refused caller", async () => {
    const idempotencyKey = key();
    // A plan without the CRM: the access statement ran (and would have claimed), the plan check refused.
    await ownerDb().subscription.update({
      where: { organizationId: world.t.org.id },
      data: { tier: "FREE" },
    });
    try {
      const refused = await createContactAction({
        organization: world.slug,
        name: `Refused ${idempotencyKey}`,
        idempotencyKey,
      } as never);
      expect(refused).toMatchObject({ ok: false });
    } finally {
      await ownerDb().subscription.update({
        where: { organizationId: world.t.org.id },
        data: { tier: "ELITE" },
      });
    }
    const keys = await ownerDb().$queryRaw<Array<{ n: number }>>`
      select count(*)::int as n from private.idempotency_keys where key = ${idempotencyKey}`;
    expect(keys[0]!.n).toBe(0);
    const later = await createContactAction({
      organization: world.slug,
      name: `Refused ${idempotencyKey}`,
      idempotencyKey,
    } as never);
    expect(later).toMatchObject({ ok: true });
    expect(await named(`Refused ${idempotencyKey}`)).toBe(1);
  });
});
