// Import through the mapping step in Chromium: a file exported with "First Name, Last Name, Email" headers comes up
// mapped (first + last name make the name), the preview shows the rows as they will be imported, the contacts
// appear in the list; the same headers again come up as the team mapped them, and "update" changes the contact
// the email matches instead of rejecting the row.
import { expect, test, type Page } from "@playwright/test";
import { createTeam, login } from "./support/fixtures";

async function chooseFile(page: Page, name: string, csv: string) {
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByRole("heading", { name: `Match the columns of ${name}` })).toBeVisible();
}

test("import with a column mapping, then re-import with update", async ({ page }) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  const tag = team.slug;
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/crm/contacts/import`, { waitUntil: "networkidle" });

  await chooseFile(
    page,
    "export.csv",
    `First Name,Last Name,Email\nAda,Lovelace,ada-${tag}@example.test\nGrace,Hopper,grace-${tag}@example.test\n`,
  );
  await expect(page.getByLabel("Import First Name as")).toHaveValue("first_name");
  await expect(page.getByLabel("Import Last Name as")).toHaveValue("last_name");
  await expect(page.getByLabel("Import Email as")).toHaveValue("email");
  const preview = page.getByRole("table", { name: "Preview" });
  await expect(preview.getByRole("row").nth(1)).toContainText("Ada Lovelace");
  await page.getByRole("button", { name: "Import contacts" }).click();
  await expect(page.getByRole("heading", { name: "Imported 2 contacts" })).toBeVisible();
  await expect(page.getByText("2 new, 0 updated, 0 skipped.")).toBeVisible();

  await page.goto(`/${team.slug}/crm/contacts`, { waitUntil: "networkidle" });
  const list = page.getByRole("table", { name: "Contacts" });
  await expect(list.getByRole("link", { name: "Ada Lovelace" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Grace Hopper" })).toBeVisible();

  // The same headers again: remembered. Ada's last name changed in the other CRM; Grace's didn't.
  await page.goto(`/${team.slug}/crm/contacts/import`, { waitUntil: "networkidle" });
  await chooseFile(
    page,
    "export-2.csv",
    `First Name,Last Name,Email\nAda,King,ADA-${tag}@example.test\nGrace,Hopper,grace-${tag}@example.test\n`,
  );
  await expect(
    page.getByText("Mapped the way your team imported a file with these columns last time."),
  ).toBeVisible();
  await page.getByRole("radio", { name: /Update the existing contact/ }).check();
  await page.getByRole("button", { name: "Import contacts" }).click();
  await expect(page.getByRole("heading", { name: "Imported 1 contact" })).toBeVisible();
  await expect(page.getByText("0 new, 1 updated, 1 skipped (already in Hearth).")).toBeVisible();

  await page.getByRole("link", { name: "Go to contacts" }).click();
  await expect(list.getByRole("link", { name: "Ada King" })).toBeVisible();
  await expect(list.getByRole("link", { name: "Ada Lovelace" })).toHaveCount(0);
  await expect(list.getByRole("link", { name: /^Grace Hopper$/ })).toHaveCount(1);
});
