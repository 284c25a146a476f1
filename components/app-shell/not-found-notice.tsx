import Link from "next/link";
import { buttonClasses } from "@/components/ui";

/** The body of a "not found" page: what may have happened, and a way back. */
export function NotFoundNotice() {
  return (
    <div className="flex flex-col items-center justify-center gap-3 py-16 text-center">
      <h1 className="text-2xl font-semibold">We couldn&apos;t find that page</h1>
      <p className="max-w-md text-sm text-fg-muted">
        The link may be old, or the page belongs to an organization you&apos;re not part of.
      </p>
      <Link href="/app" className={buttonClasses("primary", "md")}>
        Go to your dashboard
      </Link>
    </div>
  );
}
