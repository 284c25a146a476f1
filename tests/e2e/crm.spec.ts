// CRM end to end in Chromium: an owner of a fresh Growth organization (created in the database, no seed)
// adds a contact through the form, sees it in the list, edits it, bulk-assigns two contacts to a teammate,
// and watches the dashboard's numbers change.
import { expect, test, type Page } from "@playwright/test";
import { createAuthUser, login, sql, uniqueEmail } from "./support/fixtures";

/** A Growth organization owned by the user, plus an accepted teammate to assign contacts to. */
async function growthOrg(owner: { id: string; email: string }, teammateName: string) {
  const slug = `crm-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await sql(
    "insert into public.users (id, email, name) values ($1, $2, 'Olive Owner') on conflict (id) do nothing",
    [owner.id, owner.email],
  );
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ('Lakeside Realty', $1) returning id",
    [slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, 'GROWTH')", [org!.id]);
  await sql(
    "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'OWNER', now())",
    [org!.id, owner.id],
  );
  const [mate] = await sql<{ id: string }>(
    "insert into public.users (id, email, name) values (gen_random_uuid(), $1, $2) returning id",
    [uniqueEmail("agent"), teammateName],
  );
  await sql(
    "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'MEMBER', now())",
    [org!.id, mate!.id],
  );
  return slug;
}

async function addContact(page: Page, name: string, email: string) {
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByRole("button", { name: "Add contact" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("link", { name })).toBeVisible();
}

const stat = (page: Page, label: string) => page.getByRole("group", { name: label });

test("add, list, edit and bulk-assign contacts; the dashboard follows", async ({ page }) => {
  const email = uniqueEmail("crm-owner");
  const user = await createAuthUser(email, "Olive Owner");
  const slug = await growthOrg({ id: user.id, email }, "Avery Agent");
  await login(page, email);

  // Empty CRM: the dashboard invites to add contacts.
  await page.goto(`/${slug}/crm`, { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { name: "Your CRM is empty" })).toBeVisible();

  // Create through the form; it shows up in the list.
  await page.goto(`/${slug}/crm/contacts`, { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { name: "No contacts yet" })).toBeVisible();
  await addContact(page, "Maria Gonzalez", `maria-${Date.now()}@example.test`);

  await page.goto(`/${slug}/crm`, { waitUntil: "networkidle" });
  await expect(stat(page, "Contacts")).toContainText("1");
  await expect(stat(page, "New in 7 days")).toContainText("1");

  await page.goto(`/${slug}/crm/contacts`, { waitUntil: "networkidle" });
  await addContact(page, "Tom Baker", `tom-${Date.now()}@example.test`);

  // A duplicate email is refused next to the field.
  await page.getByRole("button", { name: "New contact" }).click();
  const dup = page.getByRole("dialog", { name: "New contact" });
  await dup.getByLabel("Name").fill("Maria Again");
  await dup.getByLabel("Email").fill(
    await page
      .getByRole("table", { name: "Contacts" })
      .getByText(/^maria-/)
      .innerText(),
  );
  await dup.getByRole("button", { name: "Add contact" }).click();
  await expect(
    dup.getByText("A contact with this email already exists in your organization.").first(),
  ).toBeVisible();
  await dup.getByRole("button", { name: "Cancel" }).click();

  // Edit on the contact's page.
  await page.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Tom Baker" }).click();
  await expect(page.getByRole("heading", { name: "Tom Baker" })).toBeVisible();
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Tom Baker" });
  await edit.getByLabel("Name").fill("Thomas Baker");
  await edit.getByLabel("Phone").fill("+1 555 010 2000");
  await edit.getByLabel("Status").selectOption("PROSPECT");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "Thomas Baker" })).toBeVisible();
  await expect(page.getByText("+1 555 010 2000")).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline of Thomas Baker" })).toContainText(
    "updated the contact Thomas Baker — status from Lead to Prospect; also name and phone",
  );

  // Bulk-assign both contacts to the teammate.
  await page.getByRole("link", { name: "Contacts" }).first().click();
  const table = page.getByRole("table", { name: "Contacts" });
  await expect(table.getByRole("link", { name: "Thomas Baker" })).toBeVisible();
  await table.getByRole("checkbox", { name: "Select Maria Gonzalez" }).check();
  await table.getByRole("checkbox", { name: "Select Thomas Baker" }).check();
  await expect(page.getByText("2 contacts selected")).toBeVisible();
  await page.getByRole("button", { name: "Assign…" }).click();
  const assign = page.getByRole("dialog", { name: "Assign 2 contacts" });
  const avery = (await assign.getByRole("option", { name: /Avery Agent/ }).textContent())!.trim();
  await assign.getByLabel("Assign to").selectOption({ label: avery });
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByText("Assigned 2 contacts to Avery Agent")).toBeVisible();
  await expect(table.getByRole("row", { name: /Maria Gonzalez/ })).toContainText("Avery Agent");
  await expect(table.getByRole("row", { name: /Thomas Baker/ })).toContainText("Avery Agent");

  // The list state lives in the URL: filtering by the assignee finds both.
  await page.getByLabel("Assigned to").selectOption({ label: "Avery Agent" });
  await expect(page).toHaveURL(/assignee=/);
  await expect(page.getByText("2 matching contacts")).toBeVisible();

  // The dashboard's numbers changed.
  await page.goto(`/${slug}/crm`, { waitUntil: "networkidle" });
  await expect(stat(page, "Contacts")).toContainText("2");
  await expect(stat(page, "New in 7 days")).toContainText("2");
  await expect(page.getByRole("list", { name: "Contacts by status" })).toContainText("Prospect");
});

test("import a CSV with a bad row: progress, summary and the rejected-rows report; members can't import", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("crm-import");
  const user = await createAuthUser(email, "Olive Owner");
  const slug = await growthOrg({ id: user.id, email }, "Avery Agent");
  await login(page, email);
  await page.goto(`/${slug}/crm/contacts`, { waitUntil: "networkidle" });
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();

  const rows = Array.from({ length: 1200 }, (_, i) => `Person ${i},person-${i}-${slug}@example.test,lead`);
  const csv = [
    "name,email,status",
    ...rows.slice(0, 600),
    "Broken Email,not-an-email,lead",
    ...rows.slice(600),
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import contacts" }).click();
  await expect(page.getByRole("heading", { name: "Imported 1,200 contacts, rejected 1 row" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Rejected rows" })).toContainText(
    "Enter a valid email address",
  );

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download rejected rows (CSV)" }).click();
  const report = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of report) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).toString("utf8")).toBe(
    "line,reason,name,email,status\r\n602,Enter a valid email address,Broken Email,not-an-email,lead\r\n",
  );

  await page.goto(`/${slug}/crm`, { waitUntil: "networkidle" });
  await expect(stat(page, "Contacts")).toContainText("1,200");

  // A member may add contacts but not import: the route handler itself refuses.
  const memberEmail = uniqueEmail("crm-member");
  const member = await createAuthUser(memberEmail, "Mel Member");
  await sql("insert into public.users (id, email, name) values ($1, $2, 'Mel Member')", [
    member.id,
    memberEmail,
  ]);
  await sql(
    "insert into public.organization_members (organization_id, user_id, role, accepted_at) select id, $1, 'MEMBER', now() from public.organizations where slug = $2",
    [member.id, slug],
  );
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await login(memberPage, memberEmail);
  await memberPage.goto(`/${slug}/crm/contacts/import`, { waitUntil: "networkidle" });
  await expect(memberPage.getByText("You don't have access to this")).toBeVisible();
  const res = await memberPage.request.post(`/api/organizations/${slug}/contacts/import`, {
    data: "name\nSneaky\n",
    headers: { "content-type": "text/csv" },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("FORBIDDEN");
  await memberContext.close();
  expect(
    (
      await sql<{ n: number }>(
        "select count(*)::int as n from public.contacts c join public.organizations o on o.id = c.organization_id where o.slug = $1",
        [slug],
      )
    )[0]!.n,
  ).toBe(1200);
});

test("a stale edit reports the conflict and reloads the teammate's version; Free shows the upgrade prompt", async ({
  page,
}) => {
  const email = uniqueEmail("crm-stale");
  const user = await createAuthUser(email, "Olive Owner");
  const slug = await growthOrg({ id: user.id, email }, "Avery Agent");
  await sql(
    "update public.subscriptions set tier = 'STARTER' where organization_id = (select id from public.organizations where slug = $1)",
    [slug],
  );
  const [contact] = await sql<{ id: string }>(
    "insert into public.contacts (organization_id, name) select id, 'Stale Sam' from public.organizations where slug = $1 returning id",
    [slug],
  );
  await login(page, email);
  await page.goto(`/${slug}/crm/contacts/${contact!.id}`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Stale Sam" });
  await dialog.getByLabel("Company").fill("Mine");
  // A teammate saves first.
  await sql("update public.contacts set name = 'Teammate Sam', version = version + 1 where id = $1", [
    contact!.id,
  ]);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText(/Someone else changed this contact/).first()).toBeVisible();
  await dialog.getByRole("button", { name: "Reload their changes" }).click();
  const fresh = page.getByRole("dialog", { name: "Edit Teammate Sam" });
  await expect(fresh.getByLabel("Name")).toHaveValue("Teammate Sam");
  await fresh.getByLabel("Company").fill("Mine");
  await fresh.getByRole("button", { name: "Save changes" }).click();
  await expect(fresh).toBeHidden();
  await expect(page.getByRole("heading", { name: "Teammate Sam", exact: true })).toBeVisible();
  expect(
    (
      await sql<{ company: string; version: number }>(
        "select company, version from public.contacts where id = $1",
        [contact!.id],
      )
    )[0],
  ).toEqual({ company: "Mine", version: 3 });

  await sql(
    "update public.subscriptions set tier = 'FREE' where organization_id = (select id from public.organizations where slug = $1)",
    [slug],
  );
  await page.goto(`/${slug}/crm/contacts`, { waitUntil: "networkidle" });
  await expect(page.getByText("CRM is on the Starter plan")).toBeVisible();
  await expect(page.getByRole("link", { name: "See plans" })).toBeVisible();
});
