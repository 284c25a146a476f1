// The cookie that remembers the organization last opened, for /app (decision 0015). Written by the browser
// (components/app-shell/remember-organization.tsx), read by /app; only a hint, used if the person is still a member.
export const LAST_ORG_COOKIE = "hearth_last_org";

/** The cookie as the browser writes it: a year, sent on same-site navigations, Secure over https. */
export function lastOrganizationCookie(slug: string, secure: boolean): string {
  return `${LAST_ORG_COOKIE}=${encodeURIComponent(slug)}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
