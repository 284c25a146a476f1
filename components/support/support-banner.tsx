import Link from "next/link";

const time = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** Shown on every page while platform support staff are inside an organization through a support grant. */
export function SupportBanner({ organization, expiresAt }: { organization: string; expiresAt: Date }) {
  return (
    <div
      role="status"
      className="flex flex-wrap items-center justify-between gap-2 border-b border-amber-500/40 bg-amber-100 px-4 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>
        Read-only support access to <strong>{organization}</strong> — ends at {time.format(expiresAt)} UTC
      </p>
      <Link href="/support" className="font-medium underline underline-offset-2">
        All organizations
      </Link>
    </div>
  );
}
