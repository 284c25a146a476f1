import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { listUserOrganizations, requireAuth } from "@/lib/auth/guards";
import { pickHomeOrganization } from "@/lib/auth/home-organization";
import { LAST_ORG_COOKIE } from "@/lib/home-organization-cookie";

// /app: where "home" is for a signed-in user — the organization they last used (else the one on the highest
// plan), or onboarding; platform support staff without a membership: the support page.
export default async function AppHome() {
  const user = await requireAuth("/app");
  const orgs = await listUserOrganizations(user);
  const home = pickHomeOrganization(orgs, (await cookies()).get(LAST_ORG_COOKIE)?.value);
  if (!home && user.globalRole === "SUPPORT") redirect("/support");
  redirect(home ? `/${home.slug}/dashboard` : "/onboarding/organization");
}
