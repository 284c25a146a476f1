// Every family of page under an organization, rendered through its real server component with a real session:
// ONE statement for the session check (lazy user sync), the caller's access and the page's frame (organizations,
// unread count — the sync's statement with private.begin_request beside it), then ONE transaction for all of the
// page's reads. In a request, React's cache makes the layout and the page share the first (here, outside Next,
// each call sends it again, so the layout is counted on its own). A regression in round trips fails here (counts,
// not times; decision 0031).
import { isValidElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import OrgLayout from "@/app/(app)/[org]/layout";
import AuditPage from "@/app/(app)/[org]/audit/page";
import CrmDashboardPage from "@/app/(app)/[org]/crm/page";
import ContactPage from "@/app/(app)/[org]/crm/contacts/[id]/page";
import ContactsPage from "@/app/(app)/[org]/crm/contacts/page";
import DealPage from "@/app/(app)/[org]/crm/deals/[id]/page";
import DealsPage from "@/app/(app)/[org]/crm/deals/page";
import DashboardPage from "@/app/(app)/[org]/dashboard/page";
import NotificationsPage from "@/app/(app)/[org]/notifications/page";
import MembersPage from "@/app/(app)/[org]/settings/members/page";
import LoopPage from "@/app/(app)/[org]/transactions/[loopId]/page";
import TransactionsPage from "@/app/(app)/[org]/transactions/page";
import { countAppStatements, countedWorld, type RequestStatements } from "./support";

vi.mock("next/headers", () => import("./next-mocks"));
vi.mock("next/cache", () => import("./next-mocks"));

let counter: ReturnType<typeof countAppStatements>;
let slug: string;
let contactId: string;
let dealId: string;
let loopId: string;

beforeAll(async () => {
  ({ slug, contactId, dealId, loopId } = await countedWorld(60));
  counter = countAppStatements();
}, 60_000);
afterAll(() => counter.restore());

const params = <P>(p: P) => Promise.resolve(p);
const none = () => Promise.resolve({});

/**
 * Renders one page's server component and returns what it sent: its own data, and — when it answers with another
 * async server component (the manager's dashboard) — that one's too. Client components and deeper children are
 * not rendered (they fetch nothing on the server).
 */
async function sent(render: () => Promise<ReactNode>): Promise<RequestStatements> {
  const r = await counter.count(async () => {
    const node = await render();
    if (
      isValidElement(node) &&
      typeof node.type === "function" &&
      node.type.constructor.name === "AsyncFunction"
    )
      return (node.type as (props: unknown) => Promise<ReactNode>)(node.props);
    return node;
  });
  expect(r.result).toBeTruthy();
  return r;
}

/** Statements inside the page's one read transaction (BEGIN/COMMIT aside). */
const pages: Array<[string, number, () => Promise<ReactNode>]> = [
  ["contacts list", 6, () => ContactsPage({ params: params({ org: slug }), searchParams: none() })],
  [
    "contact page",
    7,
    () => ContactPage({ params: params({ org: slug, id: contactId }), searchParams: none() }),
  ],
  ["deals board", 4, () => DealsPage({ params: params({ org: slug }) })],
  ["deal page", 4, () => DealPage({ params: params({ org: slug, id: dealId }) })],
  ["CRM overview", 6, () => CrmDashboardPage({ params: params({ org: slug }) })],
  ["manager dashboard", 15, () => DashboardPage({ params: params({ org: slug }), searchParams: params({}) })],
  ["transactions list", 4, () => TransactionsPage({ params: params({ org: slug }), searchParams: none() })],
  ["loop page", 10, () => LoopPage({ params: params({ org: slug, loopId }) })],
  ["audit log", 3, () => AuditPage({ params: params({ org: slug }), searchParams: none() })],
  ["notifications", 3, () => NotificationsPage({ params: params({ org: slug }) })],
  ["members", 3, () => MembersPage({ params: params({ org: slug }) })],
];

describe("statements per page", () => {
  it("the layout: one statement for the session, access, organizations and unread count", async () => {
    const r = await sent(() => OrgLayout({ params: params({ org: slug }), children: null }));
    const shown = r.statements.join("\n");
    expect(r.statements, shown).toHaveLength(1);
    expect(r.statements[0], shown).toMatch(/auth\.sessions[\s\S]*private\.begin_request/);
  });

  it.each(pages)(
    "%s: access, then one read transaction of at most %i statements",
    async (_name, budget, render) => {
      const r = await sent(render);
      const shown = r.statements.map((s) => s.replace(/\s+/g, " ").slice(0, 100)).join("\n");
      expect(r.statements[0], shown).toMatch(/auth\.sessions[\s\S]*private\.begin_request/);
      // The session and access statement, then the page's transaction.
      expect(r.transactions, shown).toBe(2);
      expect(r.inTransactions, shown).toBeLessThanOrEqual(budget);
    },
  );
});
