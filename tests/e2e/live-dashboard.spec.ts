// The manager's live dashboard, two browsers: the owner watches the dashboard while an agent creates a contact
// and uploads a document; both entries appear on the owner's activity feed without a reload.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createAuthUser, login, stackEnv, uniqueEmail } from "./support/fixtures";

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: stackEnv().DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

function smallPdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

test("the manager sees the agent's contact and document appear live", async ({ browser }) => {
  const managerEmail = uniqueEmail("manager");
  const agentEmail = uniqueEmail("agent");
  const manager = await createAuthUser(managerEmail, "Morgan Manager");
  const agent = await createAuthUser(agentEmail, "Alex Agent");
  const slug = `live-${Date.now().toString(36)}`;
  await sql(
    "insert into public.users (id, email, name) values ($1, $2, 'Morgan Manager'), ($3, $4, 'Alex Agent')",
    [manager.id, managerEmail, agent.id, agentEmail],
  );
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Live Realty', $1) returning id",
    [slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [org!.id]);
  await sql(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at)
     values ($1, $2, 'OWNER', now()), ($1, $3, 'MEMBER', now())`,
    [org!.id, manager.id, agent.id],
  );
  const [loop] = await sql<{ id: string }>(
    "insert into public.transaction_loops (organization_id, property_address, transaction_type, status) values ($1, '7 Quay Street', 'PURCHASE', 'ACTIVE') returning id",
    [org!.id],
  );

  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await login(managerPage, managerEmail);
  await managerPage.goto(`/${slug}/dashboard`);
  const feed = managerPage.getByRole("region", { name: "Activity" });
  await expect(managerPage.getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await login(agentPage, agentEmail);

  // The agent adds a contact through the CRM form.
  // Client components must be hydrated before they can react (a file set before that is silently lost).
  await agentPage.goto(`/${slug}/crm/contacts`, { waitUntil: "networkidle" });
  await agentPage.getByRole("button", { name: "New contact" }).click();
  const dialog = agentPage.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("Name").fill("Priya Raman");
  await dialog.getByLabel("Email").fill(`priya-${Date.now()}@example.test`);
  await dialog.getByRole("button", { name: "Add contact" }).click();
  await expect(dialog).toBeHidden();

  const entry = feed.getByRole("list", { name: "Activity feed" });
  await expect(
    entry.getByRole("listitem").filter({ hasText: "Alex Agent created contact Priya Raman" }),
  ).toBeVisible({ timeout: 5_000 });
  await expect(entry.getByRole("link", { name: "Priya Raman" })).toHaveAttribute(
    "href",
    new RegExp(`/${slug}/crm/contacts/[0-9a-f-]{36}`),
  );

  // …and uploads a document to the loop.
  await agentPage.goto(`/${slug}/transactions/${loop!.id}`, { waitUntil: "networkidle" });
  await agentPage
    .getByLabel("Upload documents")
    .setInputFiles({ name: "Inspection report.pdf", mimeType: "application/pdf", buffer: smallPdf() });
  await expect(agentPage.getByRole("list", { name: "Uploads" })).toContainText("Uploaded");

  await expect(entry.getByRole("listitem").filter({ hasText: "Inspection report.pdf" })).toBeVisible({
    timeout: 5_000,
  });
  // Still the same page: nothing was reloaded, and the newest entry is on top.
  await expect(entry.getByRole("listitem").first()).toContainText("Inspection report.pdf");
  expect(managerPage.url()).toContain(`/${slug}/dashboard`);

  await managerContext.close();
  await agentContext.close();
});
