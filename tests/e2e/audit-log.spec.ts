// The audit log page: filters in the URL, and the CSV export (an Elite feature) downloads what the filter shows.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createAuthUser, login, stackEnv, uniqueEmail } from "./support/fixtures";

async function orgWithHistory(tier: string) {
  const email = uniqueEmail("auditor");
  const user = await createAuthUser(email, "Audrey Auditor");
  const slug = `audit-${tier.toLowerCase()}-${Date.now().toString(36)}`;
  const db = new pg.Client({ connectionString: stackEnv().DATABASE_URL });
  await db.connect();
  try {
    await db.query("insert into public.users (id, email, name) values ($1, $2, 'Audrey Auditor')", [
      user.id,
      email,
    ]);
    const { rows } = await db.query(
      "insert into public.organizations (name, slug) values ('Audit Homes', $1) returning id",
      [slug],
    );
    const org = rows[0].id as string;
    await db.query("insert into public.subscriptions (organization_id, tier) values ($1, $2)", [org, tier]);
    await db.query(
      "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'OWNER', now())",
      [org, user.id],
    );
    await db.query(
      `insert into public.transaction_audit_logs (organization_id, user_id, action, entity_type, entity_id, new_values)
       select $1, $2, a, split_part(a, '.', 1), null, jsonb_build_object('name', n)
         from (values ('contact.created', 'Olga Ortiz'), ('contact.created', '=cmd|calc'), ('deal.created', 'Corner lot')) v(a, n)`,
      [org, user.id],
    );
  } finally {
    await db.end();
  }
  return { email, slug };
}

test("filter the audit log and export it as CSV", async ({ page }) => {
  const { email, slug } = await orgWithHistory("ELITE");
  await login(page, email);
  await page.goto(`/${slug}/audit`, { waitUntil: "networkidle" });
  const entries = page.getByRole("list", { name: "Audit log entries" });
  await expect(entries.getByRole("listitem")).toHaveCount(3);

  await page.getByLabel("Action starts with").fill("deal.");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=deal\./);
  await expect(entries.getByRole("listitem")).toHaveCount(1);
  await expect(entries).toContainText("Corner lot");

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/action=/);
  await expect(entries.getByRole("listitem")).toHaveCount(3);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe(
    "seq,created_at,actor_email,actor_name,action,entity_type,entity_id,entity_label,old_values,new_values",
  );
  expect(lines).toHaveLength(4);
  expect(csv).toContain("Olga Ortiz");
  expect(csv).toContain("'=cmd|calc"); // formula cells are defused
});

test("without the Elite plan the export is an upgrade, not a file", async ({ page }) => {
  const { email, slug } = await orgWithHistory("GROWTH");
  await login(page, email);
  await page.goto(`/${slug}/audit`, { waitUntil: "networkidle" });
  await expect(page.getByText("CSV export is on the Elite plan")).toBeVisible();
  const res = await page.request.get(`/api/organizations/${slug}/audit/export`);
  expect(res.status()).toBe(402);
  expect((await res.json()).error.code).toBe("UPGRADE_REQUIRED");
});
