// Compliance review settings, two browsers: an owner makes a member a reviewer (Members page) and lets loops close
// without approval (Settings); both read as sentences in the feed, the member gets a review queue, and the loop
// closes with its required document missing. (The review itself, from upload to closing, is
// transaction-flow.spec.ts.)
import { expect, test } from "@playwright/test";
import { createTeam, login, sql } from "./support/fixtures";

test("owners make a member a reviewer and let loops close without approval, in settings", async ({
  browser,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"], sam: ["MEMBER", "Sam Member"] });
  const { slug } = team;
  const samEmail = team.sam.email;
  const org = { id: team.orgId };
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
  await login(ownerPage, team.owner.email);
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
      `Olive Owner changed the settings of Team ${slug} — transactions can now close without approval`,
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
