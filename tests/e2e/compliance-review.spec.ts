// Compliance review, two browsers: the agent uploads into the loop's checklist slots and submits; closing is
// refused while required documents aren't approved; an admin finds them in the review queue, returns one with a
// note and approves the other; the agent's bell counts up live, the loop and the inbox show the note; the agent
// uploads a new version and resubmits; once the admin approves it, the loop closes.
import { expect, test, type Page } from "@playwright/test";
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

const pdf = (marker: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${marker}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    "latin1",
  );

const NOTE = "Page 2 is missing the seller's signature.";

async function uploadInto(page: Page, slot: string, fileName: string) {
  await page.getByLabel(`File for ${slot}`).setInputFiles({
    name: fileName,
    mimeType: "application/pdf",
    buffer: pdf(fileName),
  });
  await expect(
    page.getByRole("listitem", { name: slot }).getByRole("link", { name: `Download ${fileName}` }),
  ).toBeVisible();
}

async function tryToClose(page: Page) {
  await page.getByLabel("Status", { exact: true }).selectOption("CLOSED");
  await page.getByRole("button", { name: "Change" }).click();
}

test("agent submits, admin returns one with a note, agent re-uploads, admin approves, the loop closes", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const agentEmail = uniqueEmail("agent");
  const adminEmail = uniqueEmail("admin");
  const agent = await createAuthUser(agentEmail, "Alex Agent");
  const admin = await createAuthUser(adminEmail, "Robin Reviewer");
  const slug = `rev-${Date.now().toString(36)}`;
  await sql(
    "insert into public.users (id, email, name) values ($1, $2, 'Alex Agent'), ($3, $4, 'Robin Reviewer')",
    [agent.id, agentEmail, admin.id, adminEmail],
  );
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Quay Realty', $1) returning id",
    [slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [org!.id]);
  await sql(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at)
     values ($1, $2, 'ADMIN', now()), ($1, $3, 'MEMBER', now())`,
    [org!.id, admin.id, agent.id],
  );
  const [loop] = await sql<{ id: string }>(
    `insert into public.transaction_loops (organization_id, property_address, transaction_type, status)
     values ($1, '7 Quay Street', 'PURCHASE', 'CLOSING') returning id`,
    [org!.id],
  );
  await sql(
    "insert into public.loop_participants (organization_id, loop_id, role, user_id) values ($1, $2, 'BUYERS_AGENT', $3)",
    [org!.id, loop!.id, agent.id],
  );
  await sql(
    `insert into public.loop_document_slots (organization_id, loop_id, title, required, sort_order)
     values ($1, $2, 'Purchase agreement', true, 0), ($1, $2, 'Seller''s disclosure', true, 1),
            ($1, $2, 'Home warranty', false, 2)`,
    [org!.id, loop!.id],
  );
  const loopPath = `/${slug}/transactions/${loop!.id}`;

  // The agent: slots with their state, required ones marked.
  const agentPage = await (await browser.newContext()).newPage();
  await login(agentPage, agentEmail);
  await agentPage.goto(loopPath, { waitUntil: "networkidle" });
  const purchase = agentPage.getByRole("listitem", { name: "Purchase agreement" });
  const disclosure = agentPage.getByRole("listitem", { name: "Seller's disclosure" });
  await expect(purchase).toContainText("Required");
  await expect(purchase).toContainText("Missing");
  await expect(agentPage.getByRole("listitem", { name: "Home warranty" })).toContainText("Optional");
  await expect(agentPage.getByText("Documents missing").first()).toBeVisible();
  await expect(agentPage.getByRole("button", { name: "Submit for review" })).toBeDisabled();

  await uploadInto(agentPage, "Purchase agreement", "Purchase agreement - 7 Quay.pdf");
  await uploadInto(agentPage, "Seller's disclosure", "Disclosure v1.pdf");
  await expect(purchase).toContainText("Uploaded, not submitted");
  await expect(agentPage.getByText("Ready to submit").first()).toBeVisible();

  // Closing is refused, naming what isn't approved.
  await tryToClose(agentPage);
  await expect(agentPage.getByRole("alert").filter({ hasText: "must be approved" })).toContainText(
    "Not approved yet: Purchase agreement, Seller's disclosure",
  );

  await agentPage.getByRole("button", { name: "Submit for review (2)" }).click();
  await expect(agentPage.getByText("2 documents submitted for review")).toBeVisible();
  await expect(purchase).toContainText("Pending review");
  await expect(disclosure).toContainText("waiting for a reviewer");
  const bell = agentPage.getByRole("link", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");

  // The admin: the review queue, oldest first, and the feed in words.
  const adminPage = await (await browser.newContext()).newPage();
  await login(adminPage, adminEmail);
  await adminPage.goto(`/${slug}/dashboard`, { waitUntil: "networkidle" });
  const queue = adminPage.getByRole("list", { name: "Documents waiting for review" });
  await expect(queue.getByRole("listitem")).toHaveCount(2);
  await expect(queue.getByRole("listitem").first()).toContainText("Purchase agreement · 7 Quay Street");
  await expect(
    adminPage.getByText("Alex Agent submitted for compliance review 7 Quay Street (2 documents)"),
  ).toBeVisible();
  await expect(adminPage.getByRole("link", { name: /^Notifications, 1 unread/ })).toBeVisible();
  await queue.getByRole("link", { name: /Seller's disclosure/ }).click();
  await expect(adminPage).toHaveURL(new RegExp(`${loopPath}$`));
  await adminPage.waitForLoadState("networkidle");

  await adminPage.getByRole("button", { name: "Return Seller's disclosure" }).click();
  const dialog = adminPage.getByRole("dialog", { name: "Return Seller's disclosure" });
  // The note is required.
  await dialog.getByRole("button", { name: "Return document" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("What needs to change").fill(NOTE);
  await dialog.getByRole("button", { name: "Return document" }).click();
  await expect(dialog).toBeHidden();
  await adminPage.getByRole("button", { name: "Approve Purchase agreement" }).click();
  await expect(adminPage.getByRole("listitem", { name: "Purchase agreement" })).toContainText(
    "Approved by Robin Reviewer",
  );
  await expect(adminPage.getByText("Returned for changes").first()).toBeVisible();

  // The agent's bell counts both decisions without a reload.
  await expect(bell).toHaveAccessibleName("Notifications, 2 unread", { timeout: 15_000 });
  await agentPage.reload({ waitUntil: "networkidle" });
  await expect(disclosure).toContainText("Returned");
  await expect(disclosure).toContainText(NOTE);
  await expect(purchase).toContainText("Approved");

  await bell.click();
  await expect(agentPage).toHaveURL(new RegExp(`/${slug}/notifications$`));
  const inbox = agentPage.getByRole("list", { name: "Notifications" });
  const returned = inbox
    .getByRole("listitem")
    .filter({ hasText: "Seller's disclosure returned: 7 Quay Street" });
  await expect(returned).toContainText(NOTE);
  await returned.getByRole("button", { name: /^Mark .* as read$/ }).click();
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 15_000 });
  await returned.getByRole("link", { name: "Seller's disclosure returned: 7 Quay Street" }).click();
  await expect(agentPage).toHaveURL(new RegExp(`${loopPath}$`));
  await agentPage.waitForLoadState("networkidle");

  // A new version, submitted again; the earlier one stays listed with its note.
  await uploadInto(agentPage, "Seller's disclosure", "Disclosure v2.pdf");
  await expect(disclosure.getByText("Earlier versions (1)")).toBeVisible();
  await agentPage.getByRole("button", { name: "Submit for review (1)" }).click();
  await expect(agentPage.getByText("1 document submitted for review")).toBeVisible();
  await expect(disclosure).toContainText("Pending review");
  await tryToClose(agentPage);
  await expect(agentPage.getByRole("alert").filter({ hasText: "must be approved" })).toContainText(
    "Not approved yet: Seller's disclosure.",
  );

  await adminPage.reload({ waitUntil: "networkidle" });
  await adminPage.getByRole("button", { name: "Approve Seller's disclosure" }).click();
  await expect(adminPage.getByRole("listitem", { name: "Seller's disclosure" })).toContainText(
    "Approved by Robin Reviewer",
  );
  await expect(adminPage.getByText("Approved", { exact: true }).first()).toBeVisible();

  // Every required document approved: now the loop closes.
  await agentPage.reload({ waitUntil: "networkidle" });
  await tryToClose(agentPage);
  await expect(agentPage.getByText("Moved to closed")).toBeVisible();
  const [closed] = await sql<{ status: string }>(
    "select status from public.transaction_loops where id = $1",
    [loop!.id],
  );
  expect(closed!.status).toBe("CLOSED");
});

test("owners make a member a reviewer and let loops close without approval, in settings", async ({
  browser,
}) => {
  const ownerEmail = uniqueEmail("owner");
  const samEmail = uniqueEmail("sam");
  const owner = await createAuthUser(ownerEmail, "Olive Owner");
  const sam = await createAuthUser(samEmail, "Sam Member");
  const slug = `revs-${Date.now().toString(36)}`;
  await sql(
    "insert into public.users (id, email, name) values ($1, $2, 'Olive Owner'), ($3, $4, 'Sam Member')",
    [owner.id, ownerEmail, sam.id, samEmail],
  );
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Pier Homes', $1) returning id",
    [slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [org!.id]);
  await sql(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at)
     values ($1, $2, 'OWNER', now()), ($1, $3, 'MEMBER', now())`,
    [org!.id, owner.id, sam.id],
  );
  const [loop] = await sql<{ id: string }>(
    `insert into public.transaction_loops (organization_id, property_address, transaction_type, status)
     values ($1, '3 Pier Road', 'LISTING', 'CLOSING') returning id`,
    [org!.id],
  );
  await sql(
    "insert into public.loop_document_slots (organization_id, loop_id, title, required) values ($1, $2, 'Listing agreement', true)",
    [org!.id, loop!.id],
  );

  const ownerPage = await (await browser.newContext()).newPage();
  await login(ownerPage, ownerEmail);
  await ownerPage.goto(`/${slug}/settings/members`, { waitUntil: "networkidle" });
  const flag = ownerPage.getByRole("switch", { name: `${samEmail} reviews documents` });
  await expect(flag).not.toBeChecked();
  await flag.check();
  await expect(ownerPage.getByText(`${samEmail} now reviews documents`)).toBeVisible();

  await ownerPage.goto(`/${slug}/settings`, { waitUntil: "networkidle" });
  const rule = ownerPage.getByRole("switch", { name: "Closing needs every required document approved" });
  await expect(rule).toBeChecked();
  await rule.uncheck();
  await expect(ownerPage.getByText("Transactions can now close without approval")).toBeVisible();

  await ownerPage.goto(`/${slug}/dashboard`, { waitUntil: "networkidle" });
  await expect(
    ownerPage.getByText(`Olive Owner changed the role of ${samEmail} — now reviews documents`),
  ).toBeVisible();
  await expect(
    ownerPage.getByText(
      "Olive Owner updated organization Pier Homes — transactions can now close without approval",
    ),
  ).toBeVisible();

  // Sam now has a review queue, and can close the loop with its required document missing.
  const samPage = await (await browser.newContext()).newPage();
  await login(samPage, samEmail);
  await samPage.goto(`/${slug}/dashboard`, { waitUntil: "networkidle" });
  await expect(samPage.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await expect(samPage.getByText("Nothing is waiting for review.")).toBeVisible();
  await samPage.goto(`/${slug}/transactions/${loop!.id}`, { waitUntil: "networkidle" });
  await expect(
    samPage.getByText("Your organization lets transactions close without approval."),
  ).toBeVisible();
  await samPage.getByLabel("Status", { exact: true }).selectOption("CLOSED");
  await samPage.getByRole("button", { name: "Change" }).click();
  await expect(samPage.getByText("Moved to closed")).toBeVisible();
});
