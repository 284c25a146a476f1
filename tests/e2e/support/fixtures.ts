// Shared E2E helpers: users created through Supabase Auth's admin API (the official client), a login() that goes
// through the real login form, a team arranged in the database, and sample files.
import { readFileSync } from "node:fs";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { expect, type Page } from "@playwright/test";
import { STATE_FILE } from "./global-setup";

export function stackEnv(): Record<string, string> {
  return JSON.parse(readFileSync(STATE_FILE, "utf8")).env;
}

export function adminClient() {
  const env = stackEnv();
  return createClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

export const PASSWORD = "e2e-password-123";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

export async function createAuthUser(email: string, name: string) {
  const { data, error } = await adminClient().auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    user_metadata: { name },
  });
  if (error || !data.user) throw new Error(`createUser failed: ${error?.message}`);
  return data.user;
}

export async function login(page: Page, email: string, password = PASSWORD) {
  // The form must be hydrated before submitting, or the browser posts it natively.
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** One statement on the stack's database as its owner (for arranging what a test starts from). */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
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

export interface TeamMember {
  id: string;
  email: string;
  name: string;
}

/**
 * An organization on `tier` whose people (Auth users with rows, memberships accepted) hold the given roles, e.g.
 * `createTeam("GROWTH", { owner: ["OWNER", "Morgan Manager"], agent: ["MEMBER", "Alex Agent"] })`.
 */
export async function createTeam<K extends string>(
  tier: string,
  people: Record<K, [role: string, name: string]>,
): Promise<{ slug: string; orgId: string } & Record<K, TeamMember>> {
  const slug = `team-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const [org] = await sql<{ id: string }>(
    "insert into public.organizations (name, slug) values ($1, $2) returning id",
    [`Team ${slug}`, slug],
  );
  await sql("insert into public.subscriptions (organization_id, tier) values ($1, $2)", [org!.id, tier]);
  const members = {} as Record<K, TeamMember>;
  for (const [key, [role, name]] of Object.entries(people) as [K, [string, string]][]) {
    const email = uniqueEmail(key);
    const user = await createAuthUser(email, name);
    await sql("insert into public.users (id, email, name) values ($1, $2, $3)", [user.id, email, name]);
    await sql(
      `insert into public.organization_members (organization_id, user_id, role, accepted_at)
       values ($1, $2, $3, now())`,
      [org!.id, user.id, role],
    );
    members[key] = { id: user.id, email, name };
  }
  return { slug, orgId: org!.id, ...members };
}

/** The smallest valid PDF: a catalog with no pages. */
export function smallPdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

/** Signs up through onboarding: a new Growth organization (live feed, transactions, documents). */
export async function signInWithNewOrganization(page: Page, prefix = "csp") {
  const email = uniqueEmail(`${prefix}-owner`);
  await createAuthUser(email, "Cleo Policy");
  await login(page, email);
  const slug = `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await expect(page).toHaveURL(/\/onboarding\/organization/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Organization name").fill("Policy Realty");
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard`));
  return slug;
}

/** Every console message and CSP violation of a page, from its first navigation on. */
export async function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => problems.push(`console.${m.type()}: ${m.text()} (${m.location().url})`));
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction("__reportCspViolation", (v: string) => problems.push(`violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return problems;
}

/** From the transactions list, creates a loop through the "New transaction" dialog and waits for its page. */
export async function createLoopInUi(page: Page, slug: string, address: string) {
  await page.getByRole("button", { name: "New transaction" }).click();
  const dialog = page.getByRole("dialog", { name: "New transaction" });
  await dialog.getByLabel("Property address").fill(address);
  await dialog.getByRole("button", { name: "Create transaction" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/transactions/[0-9a-f-]{36}$`));
  await page.waitForLoadState("networkidle");
  return page.url().split("/").pop()!;
}
