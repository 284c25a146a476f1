// More than one Supabase project: a secondary project (its own stack here) is read through server-only code
// with its own keys, only by members of an organization, served so nothing in it can run on Hearth's origin;
// signing in to it writes only its own cookies — the primary session is untouched.
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { readProjectObject } from "@/lib/supabase/project-reader";
import { createSupabaseWithCookies, type CookieJar } from "@/lib/supabase/server";
import { addMember, asCurrentUser, createUser, seedTenant } from "../../support/factories";
import { startStackProcess, type StackProcess } from "../../support/stack-process";
import { serviceClient, uniqueEmail } from "../../support/supabase";

let secondary: StackProcess;
let member: CurrentUser;
const PASSWORD = "projects-test-password";
const SCRIPTED_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(document.cookie)</script></svg>';
// A 1×1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

beforeAll(async () => {
  secondary = await startStackProcess();
  process.env.SUPABASE_PROJECT_LISTINGS_URL = secondary.env.NEXT_PUBLIC_SUPABASE_URL;
  process.env.SUPABASE_PROJECT_LISTINGS_ANON_KEY = secondary.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  process.env.SUPABASE_PROJECT_LISTINGS_SERVICE_ROLE_KEY = secondary.env.SUPABASE_SERVICE_ROLE_KEY;
  process.env.SUPABASE_PROJECT_LISTINGS_READ_BUCKETS = "media";
  const admin = createClient(
    secondary.env.NEXT_PUBLIC_SUPABASE_URL!,
    secondary.env.SUPABASE_SERVICE_ROLE_KEY!,
    { auth: { persistSession: false } },
  );
  await admin.storage.createBucket("media", { public: false });
  await admin.storage.createBucket("private", { public: false });
  await admin.storage
    .from("media")
    .upload("homes/12-elm.txt", Buffer.from("3 bed, 2 bath"), { contentType: "text/plain" });
  await admin.storage
    .from("private")
    .upload("secret.txt", Buffer.from("nope"), { contentType: "text/plain" });
  const media = admin.storage.from("media");
  await media.upload("homes/logo.svg", Buffer.from(SCRIPTED_SVG), { contentType: "image/svg+xml" });
  await media.upload("homes/tour.html", Buffer.from("<script>alert(1)</script>"), {
    contentType: "text/html",
  });
  await media.upload("homes/front.png", PNG, { contentType: "image/png" });
  const tenant = await seedTenant({ roles: ["MEMBER"] });
  member = asCurrentUser(tenant.users.MEMBER!);
}, 120_000);

afterAll(async () => {
  await secondary?.stop();
  secondary?.remove();
});

function memoryJar(): CookieJar & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getAll: () => [...map].map(([name, value]) => ({ name, value })),
    set: (name, value, options) => {
      if (options?.maxAge === 0 || value === "") map.delete(name);
      else map.set(name, value);
    },
  };
}

describe("named Supabase projects", () => {
  it("reads an allowed object from the secondary project through server-only code", async () => {
    const res = await readProjectObject(member, "listings", "media", "homes/12-elm.txt");
    expect(await res.text()).toBe("3 bed, 2 bath");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves an SVG or HTML with a script as a sandboxed download, never inline", async () => {
    for (const [key, name, body] of [
      ["homes/logo.svg", "logo.svg", SCRIPTED_SVG],
      ["homes/tour.html", "tour.html", "<script>alert(1)</script>"],
    ] as const) {
      const res = await readProjectObject(member, "listings", "media", key);
      expect({
        type: res.headers.get("content-type"),
        disposition: res.headers.get("content-disposition"),
        csp: res.headers.get("content-security-policy"),
        nosniff: res.headers.get("x-content-type-options"),
      }).toEqual({
        type: "application/octet-stream",
        disposition: `attachment; filename="${name}"; filename*=UTF-8''${name}`,
        csp: "default-src 'none'; sandbox",
        nosniff: "nosniff",
      });
      expect(await res.text()).toBe(body);
    }
  });

  it("shows a raster image inline, still under the sandbox policy", async () => {
    const res = await readProjectObject(member, "listings", "media", "homes/front.png");
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe("inline");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("refuses a signed-up account without an accepted organization membership", async () => {
    const loner = asCurrentUser(await createUser());
    await expect(readProjectObject(loner, "listings", "media", "homes/12-elm.txt")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const invitedUser = await createUser();
    await addMember(await seedTenant(), invitedUser, "MEMBER", false);
    await expect(
      readProjectObject(asCurrentUser(invitedUser), "listings", "media", "homes/12-elm.txt"),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses buckets off the allowlist, unknown projects, the primary project and escaping paths", async () => {
    await expect(readProjectObject(member, "listings", "private", "secret.txt")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(readProjectObject(member, "nosuch", "media", "homes/12-elm.txt")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(readProjectObject(member, "primary", "documents", "x")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      readProjectObject(member, "listings", "media", "../private/secret.txt"),
    ).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(readProjectObject(member, "listings", "media", "homes/missing.txt")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps each project's session in its own cookies", async () => {
    const primaryEmail = uniqueEmail("primary");
    await serviceClient().auth.admin.createUser({
      email: primaryEmail,
      password: PASSWORD,
      email_confirm: true,
    });
    const secondaryEmail = uniqueEmail("secondary");
    const secondaryAdmin = createClient(
      secondary.env.NEXT_PUBLIC_SUPABASE_URL!,
      secondary.env.SUPABASE_SERVICE_ROLE_KEY!,
      { auth: { persistSession: false } },
    );
    await secondaryAdmin.auth.admin.createUser({
      email: secondaryEmail,
      password: PASSWORD,
      email_confirm: true,
    });

    const jar = memoryJar();
    const primary = createSupabaseWithCookies(jar, "primary");
    expect(
      (await primary.auth.signInWithPassword({ email: primaryEmail, password: PASSWORD })).error,
    ).toBeNull();
    const primaryCookies = new Map([...jar.map].filter(([k]) => k.startsWith("sb-127-auth-token")));
    expect(primaryCookies.size).toBeGreaterThan(0);

    const listings = createSupabaseWithCookies(jar, "listings");
    expect(
      (await listings.auth.signInWithPassword({ email: secondaryEmail, password: PASSWORD })).error,
    ).toBeNull();
    expect([...jar.map.keys()].some((k) => k.startsWith("sb-listings-auth-token"))).toBe(true);
    for (const [k, v] of primaryCookies) expect(jar.map.get(k)).toBe(v);

    // Fresh clients reading the same jar see two different, valid sessions.
    expect((await createSupabaseWithCookies(jar, "primary").auth.getUser()).data.user?.email).toBe(
      primaryEmail,
    );
    expect((await createSupabaseWithCookies(jar, "listings").auth.getUser()).data.user?.email).toBe(
      secondaryEmail,
    );
  });
});
