import Link from "next/link";
import { Card } from "@/components/ui";
import { formatDate, personName } from "@/components/ui/format";
import type { ReviewQueueItem } from "@/lib/modules/documents";

/** The reviewer's queue on the dashboard: documents waiting for review, the longest-waiting first. */
export function ReviewQueue({
  organization,
  queue,
}: {
  organization: string;
  queue: { items: ReviewQueueItem[]; total: number };
}) {
  return (
    <Card aria-labelledby="review-queue-heading">
      <header className="mb-3">
        <h2 id="review-queue-heading" className="text-base font-semibold text-fg">
          Review queue
        </h2>
        <p className="text-sm text-fg-muted">
          {queue.total === 0
            ? "Nothing is waiting for review."
            : `${queue.total} document${queue.total === 1 ? "" : "s"} waiting, oldest first`}
        </p>
      </header>
      {queue.items.length === 0 ? (
        <p className="text-sm text-fg-muted">
          When an agent submits a transaction for review, its documents show up here.
        </p>
      ) : (
        <ol aria-label="Documents waiting for review" className="flex flex-col gap-2 text-sm">
          {queue.items.map((item) => (
            <li key={item.documentId}>
              <Link
                className="font-medium underline-offset-2 hover:underline"
                href={`/${organization}/transactions/${item.loop.id}`}
              >
                {item.slotTitle ?? item.fileName} · {item.loop.propertyAddress}
              </Link>
              <p className="text-xs text-fg-muted">
                {item.fileName} · from {personName(item.uploadedBy, "a former member")}
                {item.submittedAt ? ` · submitted ${formatDate(item.submittedAt)}` : ""}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
