// Security headers in the production build: pages carry a nonce-based Content-Security-Policy and the static
// headers, a document download keeps its own sandbox policy, a same-site origin can't frame a signed-in page,
// and the app still works under the policy in Chromium — a walk through every main page (with the live feed
// on a Realtime websocket, an upload and a download) raises no console message and no CSP violation.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { createLoopInUi, signInWithNewOrganization, stackEnv, watch } from "./support/fixtures";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectStaticHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
}

/** Checks a page response's policy and returns its nonce. */
function expectPagePolicy(headers: Record<string, string>): string {
  const csp = headers["content-security-policy"];
  expect(csp, "a page carries a Content-Security-Policy").toBeTruthy();
  const d = directives(csp!);
  const scripts = d.get("script-src") ?? [];
  const nonce = scripts.find((s) => s.startsWith("'nonce-"));
  expect(nonce, "scripts are allowed by nonce").toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(d.get("default-src")).toEqual(["'self'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'self'"]);
  expect(d.get("form-action")).toEqual(["'self'"]);
  // The Supabase project the server is configured with, over http(s) for Auth and ws(s) for Realtime.
  const supabase = new URL(stackEnv().NEXT_PUBLIC_SUPABASE_URL!);
  expect(d.get("connect-src")).toEqual(
    expect.arrayContaining(["'self'", supabase.origin, `ws://${supabase.host}`]),
  );
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expectStaticHeaders(headers);
  return nonce!.slice("'nonce-".length, -1);
}

async function visit(page: Page, path: string): Promise<Response> {
  const res = await page.goto(path, { waitUntil: "networkidle" });
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBe(200);
  return res!;
}

function samplePdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

test("pages carry a nonce-based CSP and the app runs under it without a single violation", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = await watch(page);

  // Signed out: the landing page; then the login form and onboarding.
  const landing = await visit(page, "/");
  expectPagePolicy(await landing.allHeaders());
  await expect(page.getByRole("link", { name: /log in/i }).first()).toBeVisible();
  const slug = await signInWithNewOrganization(page);

  // The dashboard: a fresh nonce per response, on every script Next rendered, and the live feed connects to
  // Supabase Realtime over its websocket.
  const dashboard = await visit(page, `/${slug}/dashboard`);
  const nonce = expectPagePolicy(await dashboard.allHeaders());
  // Every script tag Next rendered into the HTML carries this response's nonce (scripts added later by the
  // runtime are trusted through 'strict-dynamic').
  const scriptTags = (await dashboard.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  expect(scriptTags.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
  await expect(page.getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });
  const again = await page.request.get(`/${slug}/dashboard`);
  expect(expectPagePolicy(again.headers())).not.toBe(nonce);

  // CRM in a second tab: create a contact through the dialog (a server action) and open it; the dashboard
  // in the first tab receives the entry over Realtime without a reload.
  const crm = await page.context().newPage();
  const crmProblems = await watch(crm);
  await visit(crm, `/${slug}/crm/contacts`);
  await crm.getByRole("button", { name: "New contact" }).click();
  const dialog = crm.getByRole("dialog", { name: "New contact" });
  await dialog.getByLabel("Name").fill("Nonce Nakamura");
  await dialog.getByLabel("Email").fill(`nonce-${Date.now()}@example.test`);
  await dialog.getByRole("button", { name: "Add contact" }).click();
  await expect(dialog).toBeHidden();
  await crm.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Nonce Nakamura" }).click();
  await expect(crm.getByRole("heading", { name: "Nonce Nakamura" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Activity feed" }).getByRole("listitem").first()).toContainText(
    "Nonce Nakamura",
  );
  // The CRM overview draws its charts with inline widths (style attributes).
  await visit(crm, `/${slug}/crm`);
  await expect(crm.getByRole("group", { name: "Contacts" })).toContainText("1");
  await visit(crm, `/${slug}/crm/deals`);
  await crm.close();

  // A transaction loop: create it, upload a document and download it.
  await visit(page, `/${slug}/transactions`);
  await createLoopInUi(page, slug, "1 Policy Place");
  await page.getByLabel("Upload documents").setInputFiles({
    name: "Disclosure.pdf",
    mimeType: "application/pdf",
    buffer: samplePdf(),
  });
  await expect(page.getByRole("list", { name: "Uploads" })).toContainText("Uploaded");
  const link = page
    .getByRole("table", { name: "Documents" })
    .getByRole("link", { name: "Download Disclosure.pdf" });
  const downloadPromise = page.waitForEvent("download");
  await link.click();
  expect((await downloadPromise).suggestedFilename()).toBe("Disclosure.pdf");

  // The download keeps its own policy: nothing in a served file may run or be framed.
  const file: APIResponse = await page.request.get((await link.getAttribute("href"))!);
  expect(file.status()).toBe(200);
  const fileHeaders = file.headers();
  expect(fileHeaders["content-security-policy"]).toBe("default-src 'none'; sandbox");
  expect(fileHeaders["content-disposition"]).toMatch(/^attachment;/);
  expect(fileHeaders["referrer-policy"]).toBe("no-referrer");
  expectStaticHeaders(fileHeaders);

  // Settings.
  await visit(page, `/${slug}/settings`);
  await visit(page, `/${slug}/settings/members`);
  await visit(page, `/${slug}/settings/plan`);
  await visit(page, `/${slug}/audit`);

  expect([...problems, ...crmProblems]).toEqual([]);
});

test("a same-site origin can't frame a signed-in page", async ({ page, baseURL }) => {
  const slug = await signInWithNewOrganization(page);
  const target = `${baseURL}/${slug}/dashboard`;
  const res = await page.request.get(target);
  expect(directives(res.headers()["content-security-policy"]!).get("frame-ancestors")).toEqual(["'none'"]);
  expect(res.headers()["x-frame-options"]).toBe("DENY");

  // Another port on the same host is same-site: the session cookie (SameSite=Lax) goes along with the frame.
  const framer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>Framer</title><iframe src="${target}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, new URL(baseURL!).hostname, resolve));
  try {
    const { port } = framer.address() as AddressInfo;
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    // "load" waits for the frame's document too (the page or Chromium's error page).
    await page.goto(`http://${new URL(baseURL!).hostname}:${port}/`, { waitUntil: "load" });
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "Dashboard" })).toHaveCount(0);
    expect(messages.filter((m) => m.includes("frame-ancestors 'none'"))).not.toEqual([]);
  } finally {
    framer.close();
  }
  // The same page opened directly does render for this session.
  await page.goto(target);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});
