// Duplicates and tags end to end in Chromium: an owner finds two "Amelia Brown"s and two "Zoe Haddad"s on the
// duplicates page, says the Zoes are different people (remembered), merges the Amelias choosing fields side by side
// and lands on one contact with both contacts' deals; then tags contacts from the list's selection, filters by the
// tag and saves the list as a view.
import { expect, test } from "@playwright/test";
import { createTeam, login, sql } from "./support/fixtures";

async function contact(
  orgId: string,
  values: { name: string; email?: string; phone?: string; company?: string; daysAgo?: number },
  deal?: string,
) {
  const [row] = await sql<{ id: string }>(
    `insert into public.contacts (organization_id, name, email, phone, company, created_at)
     values ($1, $2, $3, $4, $5, now() - make_interval(days => $6)) returning id`,
    [
      orgId,
      values.name,
      values.email ?? null,
      values.phone ?? null,
      values.company ?? null,
      values.daysAgo ?? 0,
    ],
  );
  if (deal)
    await sql("insert into public.deals (organization_id, contact_id, title) values ($1, $2, $3)", [
      orgId,
      row!.id,
      deal,
    ]);
  return row!.id;
}

test("find duplicates, dismiss one pair, merge another choosing fields; tag from the list and save a view", async ({
  page,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  const s = Date.now().toString(36);
  await contact(
    team.orgId,
    { name: "Amelia Brown", email: `amelia-${s}@example.test`, phone: "+1 (555) 010-2000", daysAgo: 3 },
    "Sell the condo",
  );
  await contact(
    team.orgId,
    {
      name: "AMELIA BROWN",
      email: `a.brown-${s}@example.test`,
      phone: "555 010 2000",
      company: "Brown & Co",
    },
    "Buy a house",
  );
  await contact(team.orgId, { name: "Zoe Haddad", email: `zoe-${s}@example.test` });
  await contact(team.orgId, { name: "Zoe Haddad", email: `zoe.h-${s}@example.test` });
  await login(page, team.owner.email);

  // From the contacts list to the duplicates page: two pairs, each saying why.
  await page.goto(`/${team.slug}/crm/contacts`, { waitUntil: "networkidle" });
  await page.getByRole("link", { name: "Find duplicates" }).click();
  await expect(page.getByRole("heading", { name: "Likely duplicates" })).toBeVisible();
  const pairs = page.getByRole("list", { name: "Likely duplicates" }).getByRole("listitem");
  await expect(pairs).toHaveCount(2);

  // The Zoes are different people: dismissed, and it stays that way after a reload.
  await page.getByRole("button", { name: "Zoe Haddad and Zoe Haddad are not duplicates" }).click();
  await expect(pairs).toHaveCount(1);
  await page.reload({ waitUntil: "networkidle" });
  await expect(pairs).toHaveCount(1);
  await expect(pairs.first()).toContainText("Same phone number");
  await expect(pairs.first()).toContainText("Similar name");

  // Merge the Amelias: keep the older contact, take the other's email and company.
  await page
    .getByRole("link", { name: /Review and merge .*Amelia Brown|Review and merge Amelia Brown/ })
    .click();
  await expect(page.getByRole("heading", { name: "Merge contacts" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Amelia Brown/ })).toBeChecked();
  await page.getByRole("radio", { name: `Email: a.brown-${s}@example.test` }).check();
  await expect(page.getByRole("radio", { name: "Company: Brown & Co" })).toBeChecked(); // empty never wins
  await page.getByRole("radio", { name: "Name: Amelia Brown", exact: true }).check();
  await page.getByRole("button", { name: "Merge into one contact" }).click();
  const confirm = page.getByRole("dialog", { name: "Merge AMELIA BROWN into Amelia Brown?" });
  await confirm.getByRole("button", { name: "Merge" }).click();

  // One contact with both contacts' deals and the chosen values.
  await expect(page.getByRole("heading", { name: "Amelia Brown", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Deals of/ }).getByText("Sell the condo")).toBeVisible();
  await expect(page.getByRole("table", { name: /^Deals of/ }).getByText("Buy a house")).toBeVisible();
  await expect(page.getByText(`a.brown-${s}@example.test`).first()).toBeVisible();
  await expect(page.getByText("Brown & Co").first()).toBeVisible();
  await page.goto(`/${team.slug}/crm/contacts?q=amelia`, { waitUntil: "networkidle" });
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("row")).toHaveCount(2); // header + one
  await page.goto(`/${team.slug}/crm/contacts/duplicates`, { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { name: "No likely duplicates" })).toBeVisible();

  // Tag both Zoes from the list's selection, with a tag typed on the spot.
  await page.goto(`/${team.slug}/crm/contacts`, { waitUntil: "networkidle" });
  const table = page.getByRole("table", { name: "Contacts" });
  for (const box of await table.getByRole("checkbox", { name: "Select Zoe Haddad" }).all()) await box.check();
  await page.getByRole("button", { name: "Tag…" }).click();
  const tagDialog = page.getByRole("dialog", { name: "Tag 2 contacts" });
  await tagDialog.getByLabel("Tag").fill("Open house");
  await tagDialog.getByRole("button", { name: "Tag", exact: true }).click();
  await expect(tagDialog).toBeHidden();
  await expect(page.getByText("Tagged 2 contacts “Open house”")).toBeVisible();

  // Filter by the tag, and keep that list as a shared view.
  await page.getByLabel("Tag", { exact: true }).selectOption({ label: "Open house" });
  await expect(page).toHaveURL(/tag=/);
  await expect(table.getByRole("link")).toHaveCount(2);
  await page.getByRole("button", { name: "Save view…" }).click();
  const save = page.getByRole("dialog", { name: "Save this view" });
  await save.getByLabel("Name").fill("Open house leads");
  await save.getByLabel("Share with the organization").check();
  await save.getByRole("button", { name: "Save view" }).click();
  await expect(save).toBeHidden();
  await page.goto(`/${team.slug}/crm/contacts`, { waitUntil: "networkidle" });
  await page.getByLabel("Saved view").selectOption({ label: "Open house leads (shared)" });
  await expect(page).toHaveURL(/tag=/);
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("link")).toHaveCount(2);
});
