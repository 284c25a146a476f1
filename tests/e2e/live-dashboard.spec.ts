// The manager's live dashboard, two browsers: the owner watches the dashboard while an agent creates a contact
// and uploads a document; both entries appear on the owner's activity feed without a reload.
import { expect, test } from "@playwright/test";
import { createTeam, login, smallPdf, sql } from "./support/fixtures";

test("the manager sees the agent's contact and document appear live", async ({ browser }) => {
  const team = await createTeam("GROWTH", {
    manager: ["OWNER", "Morgan Manager"],
    agent: ["MEMBER", "Alex Agent"],
  });
  const { slug } = team;
  const [loop] = await sql<{ id: string }>(
    "insert into public.transaction_loops (organization_id, property_address, transaction_type, status) values ($1, '7 Quay Street', 'PURCHASE', 'ACTIVE') returning id",
    [team.orgId],
  );

  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await login(managerPage, team.manager.email);
  await managerPage.goto(`/${slug}/dashboard`);
  const feed = managerPage.getByRole("region", { name: "Activity" });
  await expect(managerPage.getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await login(agentPage, team.agent.email);

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
    entry.getByRole("listitem").filter({ hasText: "Alex Agent added the contact Priya Raman" }),
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
