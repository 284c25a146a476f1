// The lazy user sync behind getCurrentUser(): verified claims of a real Supabase session create our users row
// exactly once even under 20 concurrent first requests, and a signed-out session's still-valid token no
// longer counts.
import { describe, expect, it } from "vitest";
import { syncUserFromClaims } from "@/lib/auth/current-user";
import { ownerDb } from "../../support/factories";
import { anonClient, serviceClient, uniqueEmail } from "../../support/supabase";

async function signedIn(name?: string) {
  const email = uniqueEmail("sync");
  const password = "sync-test-password";
  const created = await serviceClient().auth.admin.createUser({
    email,
    password,
    email_confirm: true,
    user_metadata: name ? { name } : {},
  });
  if (created.error) throw created.error;
  const client = anonClient();
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  const { data } = await client.auth.getClaims();
  return { client, email, id: created.data.user!.id, claims: data!.claims as Record<string, unknown> };
}

describe("lazy user sync", () => {
  it("creates exactly one users row for twenty concurrent first requests", async () => {
    const s = await signedIn("Concurrent Casey");
    expect(await ownerDb().user.count({ where: { id: s.id } })).toBe(0);
    const results = await Promise.all(Array.from({ length: 20 }, () => syncUserFromClaims(s.claims)));
    expect(
      results.filter((u) => !(u?.id === s.id && u.email === s.email && u.name === "Concurrent Casey")),
    ).toEqual([]);
    expect(await ownerDb().user.count({ where: { id: s.id } })).toBe(1);
    expect(results[0]).toMatchObject({ globalRole: "USER", sessionId: s.claims.session_id });
  });

  it("follows an email change from the claims and keeps the global role", async () => {
    const s = await signedIn();
    await syncUserFromClaims(s.claims);
    await ownerDb().user.update({ where: { id: s.id }, data: { globalRole: "SUPPORT" } });
    const changed = await syncUserFromClaims({ ...s.claims, email: s.email.replace("sync-", "moved-") });
    expect(changed).toMatchObject({ email: s.email.replace("sync-", "moved-"), globalRole: "SUPPORT" });
  });

  it("refuses a token whose session was signed out, although its signature is still valid", async () => {
    const s = await signedIn();
    expect(await syncUserFromClaims(s.claims)).not.toBeNull();
    await s.client.auth.signOut({ scope: "global" });
    expect(await syncUserFromClaims(s.claims)).toBeNull();
  });

  it("refuses claims that are not an authenticated user session", async () => {
    const s = await signedIn();
    expect(await syncUserFromClaims({ ...s.claims, role: "anon" })).toBeNull();
    expect(await syncUserFromClaims({ ...s.claims, session_id: undefined })).toBeNull();
    expect(
      await syncUserFromClaims({ ...s.claims, session_id: "00000000-0000-4000-8000-000000000000" }),
    ).toBeNull();
  });
});
