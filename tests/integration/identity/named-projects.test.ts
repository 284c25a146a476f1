// More than one Supabase project: a secondary project (its own stack here) is read through server-only code
// with its own keys, and signing in to it writes only its own cookies — the primary session is untouched.
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProjectObject } from "@/lib/supabase/project-reader";
import { createSupabaseWithCookies, type CookieJar } from "@/lib/supabase/server";
import { startStackProcess, type StackProcess } from "../../support/stack-process";
import { serviceClient, uniqueEmail } from "../../support/supabase";

let secondary: StackProcess;
const PASSWORD = "projects-test-password";

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
    const res = await readProjectObject("listings", "media", "homes/12-elm.txt");
    expect(await res.text()).toBe("3 bed, 2 bath");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses buckets off the allowlist, unknown projects, the primary project and escaping paths", async () => {
    await expect(readProjectObject("listings", "private", "secret.txt")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(readProjectObject("nosuch", "media", "homes/12-elm.txt")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(readProjectObject("primary", "documents", "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(readProjectObject("listings", "media", "../private/secret.txt")).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(readProjectObject("listings", "media", "homes/missing.txt")).rejects.toMatchObject({
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
