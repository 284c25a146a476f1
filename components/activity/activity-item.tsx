import Link from "next/link";
import { entityHref, type ActivityEntry } from "@/lib/modules/activity/schemas";
import { actorName, describeEntry } from "./wording";
import { RelativeTime } from "./relative-time";

export function ActivityItem({ entry, orgSlug }: { entry: ActivityEntry; orgSlug: string }) {
  const who = actorName(entry);
  const href = entityHref(orgSlug, entry);
  const { action, label, detail } = describeEntry(entry);
  return (
    <li className="flex items-start gap-3 border-b border-border py-3 last:border-b-0" data-seq={entry.seq}>
      <span
        aria-hidden="true"
        className="mt-1 flex size-7 shrink-0 items-center justify-center rounded-full bg-accent/15 text-xs font-semibold text-accent"
      >
        {who.slice(0, 1).toUpperCase()}
      </span>
      <div className="min-w-0 flex-1 text-sm">
        <p className="break-words">
          <span className="font-medium">{who}</span> {action}
          {label &&
            (href ? (
              <>
                {" "}
                <Link href={href} className="font-medium text-accent underline-offset-2 hover:underline">
                  {label}
                </Link>
              </>
            ) : (
              <>
                {" "}
                <span className="font-medium">{label}</span>
              </>
            ))}
          {detail}
        </p>
        <p className="text-xs text-fg-muted">
          <RelativeTime iso={entry.createdAt} />
        </p>
      </div>
    </li>
  );
}
