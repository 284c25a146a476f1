// The profile page's name change (our users row, as the user themself, audited in each of their organizations) and
// the Supabase Auth flows the account pages stand on, through the official client against the local platform:
// recovery with PKCE (the app's server client uses it) and an email change confirmed by its mailed link, after
// which the lazy sync moves our users row to the new address.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { syncUserFromClaims } from "@/lib/auth/current-user";
import { updateProfileName } from "@/lib/modules/account/services/profile";
import { asApp } from "../../support/as-app";
import { addMember, asCurrentUser, ownerDb, seedTenant } from "../../support/factories";
import { anonKey, serviceClient, supabaseUrl, uniqueEmail } from "../../support/supabase";

/** A browser-like client: PKCE, with its own in-memory storage (where the code verifier waits). */
function pkceClient() {
  const store = new Map<string, string>();
  return createClient(supabaseUrl(), anonKey(), {
    auth: {
      flowType: "pkce",
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: {
        getItem: (k) => store.get(k) ?? null,
        setItem: (k, v) => void store.set(k, v),
        removeItem: (k) => void store.delete(k),
      },
    },
  });
}

function mailsTo(email: string) {
  const outbox = process.env.MAIL_OUTBOX_DIR!;
  return readdirSync(outbox)
    .filter((f) => f.includes(email))
    .map((f) => JSON.parse(readFileSync(path.join(outbox, f), "utf8")) as { subject: string; link: string });
}

async function authUser(password = "old-password-123") {
  const email = uniqueEmail("acct");
  const { data, error } = await serviceClient().auth.admin.createUser({
    email,
    password,
    email_confirm: true,
  });
  if (error) throw error;
  return { id: data.user!.id, email, password };
}

describe("profile name", () => {
  it("changes the user's own row and says so in the audit log of each of their organizations", async () => {
    const a = await seedTenant({ roles: ["OWNER"] });
    const b = await seedTenant({ roles: ["OWNER"] });
    const me = a.users.OWNER!;
    await addMember(b, me, "MEMBER");
    const result = await updateProfileName(asCurrentUser(me), { name: "  Morgan Renamed " });
    expect(result).toEqual({ name: "Morgan Renamed", changed: true });
    expect((await ownerDb().user.findUniqueOrThrow({ where: { id: me.id } })).name).toBe("Morgan Renamed");
    for (const t of [a, b]) {
      const entry = await ownerDb().auditLog.findFirst({
        where: { organizationId: t.org.id, userId: me.id, action: "member.profile_updated" },
      });
      expect(entry?.newValues).toEqual({ name: "Morgan Renamed" });
      expect(entry?.oldValues).toEqual({ name: me.name });
    }
    // the same name again changes nothing and writes nothing
    expect(await updateProfileName(asCurrentUser(me), { name: "Morgan Renamed" })).toMatchObject({
      changed: false,
    });
    expect(
      await ownerDb().auditLog.count({ where: { userId: me.id, action: "member.profile_updated" } }),
    ).toBe(2);
  });

  it("the app's role can rename only the caller, and nothing else of the row", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const owner = t.users.OWNER!;
    const other = t.users.MEMBER!;
    expect(
      await asApp(owner, t, "update public.users set name = 'Hijacked' where id = $1", [other.id]),
    ).toEqual({
      ok: true,
      rows: 0,
    });
    expect(
      await asApp(owner, t, "update public.users set global_role = 'SUPER_ADMIN' where id = $1", [owner.id]),
    ).toMatchObject({ ok: false, code: "42501" });
    expect(
      await asApp(owner, t, "update public.users set email = 'x@example.test' where id = $1", [owner.id]),
    ).toMatchObject({ ok: false, code: "42501" });
    expect((await ownerDb().user.findUniqueOrThrow({ where: { id: other.id } })).name).toBe(other.name);
  });
});

describe("password recovery (PKCE, as the app's server client asks for it)", () => {
  it("mails a link whose code, in the browser that asked, signs in and sets a new password", async () => {
    const user = await authUser();
    const browser = pkceClient();
    const redirectTo = "http://localhost:3000/auth/confirm?next=%2Freset-password";
    expect((await browser.auth.resetPasswordForEmail(user.email, { redirectTo })).error).toBeNull();
    const [mail] = mailsTo(user.email);
    expect(mail?.link).toBeTruthy();
    const res = await fetch(mail!.link, { redirect: "manual", headers: { apikey: anonKey() } });
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("http://localhost:3000/auth/confirm");
    const code = location.searchParams.get("code");
    expect(code).toBeTruthy();
    // another browser (no code verifier) gets nothing from the code
    expect((await pkceClient().auth.exchangeCodeForSession(code!)).error).not.toBeNull();
    const { data, error } = await browser.auth.exchangeCodeForSession(code!);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(user.email);
    expect((await browser.auth.updateUser({ password: "new-password-456" })).error).toBeNull();
    const fresh = pkceClient();
    expect(
      (await fresh.auth.signInWithPassword({ email: user.email, password: user.password })).error,
    ).not.toBeNull();
    expect(
      (await fresh.auth.signInWithPassword({ email: user.email, password: "new-password-456" })).error,
    ).toBeNull();
  });

  it("answers an unknown address exactly like a known one, and mails nobody", async () => {
    const nobody = uniqueEmail("nobody");
    const res = await pkceClient().auth.resetPasswordForEmail(nobody, {
      redirectTo: "http://localhost:3000/",
    });
    expect(res).toEqual({ data: {}, error: null });
    expect(mailsTo(nobody)).toEqual([]);
  });
});

describe("email change", () => {
  it("applies when the mailed link is opened; a refreshed session carries it and the users row follows", async () => {
    const user = await authUser();
    const browser = pkceClient();
    await browser.auth.signInWithPassword({ email: user.email, password: user.password });
    const before = (await browser.auth.getClaims()).data!.claims as Record<string, unknown>;
    await syncUserFromClaims(before);
    const next = uniqueEmail("moved");
    const { error } = await browser.auth.updateUser(
      { email: next },
      { emailRedirectTo: "http://localhost:3000/auth/confirm?change=email&next=%2Fapp" },
    );
    expect(error).toBeNull();
    const [mail] = mailsTo(next);
    const res = await fetch(mail!.link, { redirect: "manual", headers: { apikey: anonKey() } });
    expect(res.status).toBe(303);
    // what /auth/confirm does: refresh the session, whose claims now carry the new address
    const { data } = await browser.auth.refreshSession();
    expect(data.session?.user.email).toBe(next);
    const after = (await browser.auth.getClaims()).data!.claims as Record<string, unknown>;
    const synced = await syncUserFromClaims(after);
    expect(synced?.email).toBe(next);
    expect((await ownerDb().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(next);
  });
});
