import Link from "next/link";
import { buttonClasses } from "@/components/ui";

/** Previous / next for a keyset-paginated list: links, so the back button and shared URLs work. */
export function CursorPagination({
  prevHref,
  nextHref,
  firstHref,
  summary,
}: {
  prevHref: string | null;
  nextHref: string | null;
  firstHref: string | null;
  summary: string;
}) {
  const disabled = "pointer-events-none opacity-50";
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-fg-muted" aria-live="polite">
        {summary}
      </p>
      <div className="flex gap-2">
        {firstHref && (
          <Link href={firstHref} className={buttonClasses("ghost", "sm")}>
            First page
          </Link>
        )}
        {prevHref ? (
          <Link href={prevHref} className={buttonClasses("secondary", "sm")} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
            ← Previous
          </span>
        )}
        {nextHref ? (
          <Link href={nextHref} className={buttonClasses("secondary", "sm")} rel="next">
            Next →
          </Link>
        ) : (
          <span aria-disabled="true" className={buttonClasses("secondary", "sm", disabled)}>
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}
