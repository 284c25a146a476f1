"use client";
// Remembers the organization whose pages are on screen, for /app (decision 0015). Written here, once the page is
// shown, rather than by the proxy: the proxy also sees prefetches and in-flight requests of the page being left
// (Next strips its router headers before the proxy, so it can't tell them apart), which overwrote the organization
// just opened. The layout renders this only after the access check, so only organizations one can open are kept.
import { useEffect } from "react";
import { LAST_ORG_COOKIE, lastOrganizationCookie } from "@/lib/home-organization-cookie";

export function RememberOrganization({ slug }: { slug: string }) {
  useEffect(() => {
    const current = document.cookie.split("; ").find((c) => c.startsWith(`${LAST_ORG_COOKIE}=`));
    if (current !== `${LAST_ORG_COOKIE}=${encodeURIComponent(slug)}`)
      document.cookie = lastOrganizationCookie(slug, location.protocol === "https:");
  }, [slug]);
  return null;
}
