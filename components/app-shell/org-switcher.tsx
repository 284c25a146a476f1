"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";

export interface SwitcherOrg {
  slug: string;
  name: string;
}

/** Switches organization by navigating to the same section of the chosen organization. */
export function OrgSwitcher({ current, organizations }: { current: string; organizations: SwitcherOrg[] }) {
  const router = useRouter();
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium uppercase tracking-wide text-fg-muted">
        Organization
      </label>
      <select
        id={id}
        value={current}
        onChange={(e) => router.push(`/${e.target.value}/dashboard`)}
        className="h-9 w-full rounded-md border border-border bg-surface px-2 text-sm"
      >
        {organizations.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
      <Link
        href="/onboarding/organization"
        className="text-xs text-fg-muted underline-offset-2 hover:underline"
      >
        + New organization
      </Link>
    </div>
  );
}
