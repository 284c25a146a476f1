// Platform support staff open an organization read-only with a reason, read its data, can't write, and its owner
// finds the entry in the audit log (decision 0027).
import { expect, test } from "@playwright/test";
import { createAuthUser, createTeam, login, sql, uniqueEmail } from "./support/fixtures";

test("support opens an organization read-only with a reason; its owner sees the entry", async ({
  browser,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  await sql("insert into public.contacts (organization_id, name) values ($1, 'Visible Vera')", [team.orgId]);
  const email = uniqueEmail("sam-support");
  const support = await createAuthUser(email, "Sam Support");
  await sql(
    "insert into public.users (id, email, name, global_role) values ($1, $2, 'Sam Support', 'SUPPORT')",
    [support.id, email],
  );
  const reason = "#4512: contacts import fails for this team";

  const staff = await browser.newPage();
  await login(staff, email);
  await expect(staff).toHaveURL(/\/support/);
  // without a grant, the organization's pages send support back to the list
  await staff.goto(`/${team.slug}/crm/contacts`);
  await expect(staff).toHaveURL(new RegExp(`/support\\?q=${team.slug}`));
  await staff.waitForLoadState("networkidle");
  await expect(staff.getByRole("table", { name: "Organizations" })).toContainText(`Team ${team.slug}`);
  await staff.getByRole("button", { name: `Open Team ${team.slug} read-only` }).click();
  const dialog = staff.getByRole("dialog");
  await dialog.getByRole("button", { name: "Open read-only" }).click();
  await expect(dialog.getByText(/at least 10 characters/)).toBeVisible();
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByRole("button", { name: "Open read-only" }).click();
  await expect(staff).toHaveURL(new RegExp(`/${team.slug}/dashboard`));
  await expect(staff.getByRole("status").filter({ hasText: "Read-only support access to" })).toContainText(
    new RegExp(`Read-only support access to Team ${team.slug} — ends at \\d\\d:\\d\\d UTC`),
  );

  await staff.goto(`/${team.slug}/crm/contacts`);
  await expect(staff.getByText("Visible Vera")).toBeVisible();
  await expect(staff.getByRole("button", { name: "New contact" })).toHaveCount(0);
  const rows = await sql<{ n: number }>(
    "select count(*)::int as n from public.contacts where organization_id = $1",
    [team.orgId],
  );
  expect(rows[0]!.n).toBe(1);

  const owner = await browser.newPage();
  await login(owner, team.owner.email);
  await owner.goto(`/${team.slug}/audit`);
  await expect(owner.getByRole("list", { name: "Audit log entries" })).toContainText(
    `Support (${email}) opened the organization — reason: “${reason}”`,
  );
});
