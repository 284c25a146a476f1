// A Purchase from offer to closing, as a brokerage runs it, in two browsers. The agent creates the loop: its
// template's tasks and document slots, nothing overdue, no seller-side work. They add the buyer from the CRM and a
// lender created on the spot, set the acceptance and inspection dates, and the tasks that count from them get their
// due dates. They upload the required documents and submit them; closing is refused. The admin returns one document
// with a note and approves the rest — the agent's open page shows the return and the note without a reload, and their
// bell counts the decisions. The agent uploads a new version and resubmits; once the admin approves it, the loop
// closes.
import { expect, test, type Page } from "@playwright/test";
import { createTeam, login, smallPdf, sql } from "./support/fixtures";

const NOTE = "Page 3 is missing the buyer's initials next to the inspection contingency.";
const REQUIRED = ["Purchase agreement", "Seller's disclosure", "Inspection report", "Closing disclosure"];

const DAY = 24 * 3600 * 1000;
/** A date `days` from today, as the date inputs take it (UTC, as the app's dates are). */
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** As the app shows it (components/ui/format.ts). */
const shown = (iso: string) =>
  new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${iso}T00:00:00Z`));

async function uploadInto(page: Page, slot: string, fileName: string) {
  await page.getByLabel(`File for ${slot}`).setInputFiles({
    name: fileName,
    mimeType: "application/pdf",
    buffer: Buffer.concat([smallPdf(), Buffer.from(`% ${fileName}\n`)]),
  });
  await expect(
    page.getByRole("listitem", { name: slot }).getByRole("link", { name: `Download ${fileName}` }),
  ).toBeVisible();
}

async function moveTo(page: Page, status: string, label: string) {
  await page.getByLabel("Status", { exact: true }).selectOption(status);
  await page.getByRole("button", { name: "Change" }).click();
  await expect(page.getByLabel("Status", { exact: true }).locator("option:checked")).toHaveText(
    `${label} (current)`,
  );
}

async function tryToClose(page: Page) {
  await page.getByLabel("Status", { exact: true }).selectOption("CLOSED");
  await page.getByRole("button", { name: "Change" }).click();
}

async function setKeyDate(page: Page, name: string, iso: string) {
  await page.getByRole("button", { name: `Edit: ${name}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `${name} date` });
  await dialog.getByLabel("Date", { exact: true }).fill(iso);
  await dialog.getByRole("button", { name: "Save date" }).click();
  await expect(dialog).toBeHidden();
}

test("a Purchase from a new loop to closing: template, people, key dates, review, return, approval", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const team = await createTeam("GROWTH", {
    agent: ["MEMBER", "Alex Agent"],
    admin: ["ADMIN", "Robin Reviewer"],
  });
  const { slug } = team;
  await sql(
    `insert into public.contacts (organization_id, name, email, status, created_by)
     values ($1, 'Jordan Whitaker', 'jordan.whitaker@example.test', 'CLIENT', $2)`,
    [team.orgId, team.agent.id],
  );

  // ---- The agent creates a Purchase loop.
  const agentPage = await (await browser.newContext()).newPage();
  await login(agentPage, team.agent.email);
  await agentPage.goto(`/${slug}/transactions`, { waitUntil: "networkidle" });
  await agentPage.getByRole("button", { name: "New transaction" }).click();
  const create = agentPage.getByRole("dialog", { name: "New transaction" });
  await create.getByLabel("Property address").fill("48 Orchard Lane, Springfield");
  await create.getByLabel("Transaction type").selectOption("PURCHASE");
  await create.getByLabel("Listing price").fill("512000");
  await create.getByLabel("Expected closing").fill(isoIn(45));
  await create.getByRole("button", { name: "Create transaction" }).click();
  await expect(agentPage).toHaveURL(new RegExp(`/${slug}/transactions/[0-9a-f-]{36}$`));
  const loopPath = new URL(agentPage.url()).pathname;
  const loopId = loopPath.split("/").pop()!;
  await agentPage.waitForLoadState("networkidle");
  await expect(agentPage.getByText("Live: teammates' changes appear here")).toBeVisible({ timeout: 15_000 });

  // Its template: buyer-side tasks, none overdue (nothing dated yet but closing), and the document slots.
  const tasks = agentPage.getByRole("list", { name: "Tasks" });
  await expect(tasks.getByText("Order the home inspection")).toBeVisible();
  await expect(tasks.getByText("Schedule the final walkthrough")).toBeVisible();
  await expect(tasks.getByText("Comparative market analysis")).toHaveCount(0);
  await expect(tasks).not.toContainText("(overdue)");
  for (const slot of REQUIRED) {
    const item = agentPage.getByRole("listitem", { name: slot });
    await expect(item).toContainText("Required");
    await expect(item).toContainText("Missing");
  }
  await expect(agentPage.getByRole("listitem", { name: "Loan commitment letter" })).toContainText("Optional");
  // The creator is the buyer's agent.
  const people = agentPage.getByRole("region", { name: "People" });
  await expect(people).toContainText("Alex Agent");

  // ---- People: the buyer from the CRM, a lender created on the spot.
  await agentPage.getByRole("button", { name: "Add person" }).click();
  let person = agentPage.getByRole("dialog", { name: "Add a person to this transaction" });
  await person.getByRole("radio", { name: /^A contact/ }).check();
  await person.getByLabel("Find a contact").fill("Jordan");
  await expect(person.getByRole("combobox", { name: "Contact", exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await person.getByLabel("Role").selectOption("BUYER");
  await person.getByRole("button", { name: "Add person" }).click();
  await expect(person).toBeHidden();
  await expect(people).toContainText("Jordan Whitaker");

  await agentPage.getByRole("button", { name: "Add person" }).click();
  person = agentPage.getByRole("dialog", { name: "Add a person to this transaction" });
  await person.getByRole("radio", { name: /^Someone new/ }).check();
  await person.getByLabel("Role").selectOption("LENDER");
  await person.getByLabel("Name").fill("Dana Lee");
  await person.getByLabel("Email").fill("dana.lee@northwind-mortgage.example");
  await person.getByRole("button", { name: "Add person" }).click();
  await expect(person).toBeHidden();
  await expect(people).toContainText("Dana Lee");
  const [lender] = await sql<{ n: string }>(
    "select count(*)::text as n from public.contacts where organization_id = $1 and email = 'dana.lee@northwind-mortgage.example'",
    [team.orgId],
  );
  expect(lender!.n).toBe("1");

  // ---- Key dates: the tasks that count from them get their due dates.
  const inspectionTask = tasks.getByRole("listitem").filter({ hasText: "Order the home inspection" });
  const reviewTask = tasks
    .getByRole("listitem")
    .filter({ hasText: "Review the inspection report with the buyer" });
  const depositTask = tasks.getByRole("listitem").filter({ hasText: "Deliver earnest money deposit" });
  await expect(inspectionTask).toContainText("No due date");
  await setKeyDate(agentPage, "Acceptance", isoIn(-1));
  await expect(depositTask).toContainText(`Due ${shown(isoIn(2))}`);
  await setKeyDate(agentPage, "Inspection", isoIn(10));
  await expect(inspectionTask).toContainText(`Due ${shown(isoIn(3))}`);
  await expect(inspectionTask).toContainText("follows Inspection − 7 d");
  await expect(reviewTask).toContainText(`Due ${shown(isoIn(8))}`);
  await expect(tasks).not.toContainText("(overdue)");

  // ---- Documents into their slots; under contract; closing is refused while they aren't approved.
  for (const slot of REQUIRED) await uploadInto(agentPage, slot, `${slot} - 48 Orchard.pdf`);
  await expect(agentPage.getByText("Ready to submit").first()).toBeVisible();
  await moveTo(agentPage, "ACTIVE", "Active");
  await moveTo(agentPage, "UNDER_CONTRACT", "Under contract");
  await moveTo(agentPage, "CLOSING", "Closing");
  await tryToClose(agentPage);
  await expect(agentPage.getByRole("alert").filter({ hasText: "must be approved" })).toContainText(
    `Not approved yet: ${REQUIRED.join(", ")}`,
  );

  await agentPage.getByRole("button", { name: "Submit for review (4)" }).click();
  await expect(agentPage.getByText("4 documents submitted for review")).toBeVisible();
  const inspection = agentPage.getByRole("listitem", { name: "Inspection report" });
  await expect(inspection).toContainText("Pending review");
  const bell = agentPage.getByRole("link", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");

  // ---- The admin: the review queue, one returned with a note, the rest approved.
  const adminPage = await (await browser.newContext()).newPage();
  await login(adminPage, team.admin.email);
  await adminPage.goto(`/${slug}/dashboard`, { waitUntil: "networkidle" });
  const queue = adminPage.getByRole("list", { name: "Documents waiting for review" });
  await expect(queue.getByRole("listitem")).toHaveCount(4);
  await queue.getByRole("link", { name: /Inspection report/ }).click();
  await expect(adminPage).toHaveURL(new RegExp(`${loopPath}$`));
  await adminPage.waitForLoadState("networkidle");
  await adminPage.getByRole("button", { name: "Return Inspection report" }).click();
  const returning = adminPage.getByRole("dialog", { name: "Return Inspection report" });
  await returning.getByLabel("What needs to change").fill(NOTE);
  await returning.getByRole("button", { name: "Return document" }).click();
  await expect(returning).toBeHidden();
  for (const slot of REQUIRED.filter((s) => s !== "Inspection report")) {
    await adminPage.getByRole("button", { name: `Approve ${slot}` }).click();
    await expect(adminPage.getByRole("listitem", { name: slot })).toContainText("Approved by Robin Reviewer");
  }

  // ---- The agent's open page shows the return and its note live; the bell counts the four decisions.
  await expect(inspection).toContainText("Returned", { timeout: 15_000 });
  await expect(inspection).toContainText(NOTE);
  await expect(agentPage.getByRole("listitem", { name: "Purchase agreement" })).toContainText("Approved");
  await expect(agentPage.getByText("Returned for changes").first()).toBeVisible();
  await expect(bell).toHaveAccessibleName("Notifications, 4 unread", { timeout: 15_000 });
  expect(new URL(agentPage.url()).pathname).toBe(loopPath);

  // ---- A new version, submitted again: still refused until it is approved.
  await uploadInto(agentPage, "Inspection report", "Inspection report v2 - 48 Orchard.pdf");
  await agentPage.getByRole("button", { name: "Submit for review (1)" }).click();
  await expect(agentPage.getByText("1 document submitted for review")).toBeVisible();
  await tryToClose(agentPage);
  await expect(agentPage.getByRole("alert").filter({ hasText: "must be approved" })).toContainText(
    "Not approved yet: Inspection report.",
  );

  await adminPage.reload({ waitUntil: "networkidle" });
  await adminPage.getByRole("button", { name: "Approve Inspection report" }).click();
  await expect(adminPage.getByRole("listitem", { name: "Inspection report" })).toContainText(
    "Approved by Robin Reviewer",
  );

  // Every required document approved (the agent's page follows live): now the loop closes.
  await expect(inspection).toContainText("Approved", { timeout: 15_000 });
  await tryToClose(agentPage);
  await expect(agentPage.getByText("Moved to closed")).toBeVisible();
  const [closed] = await sql<{ status: string }>(
    "select status from public.transaction_loops where id = $1",
    [loopId],
  );
  expect(closed!.status).toBe("CLOSED");
});
