// An agenda on the dashboard: pending key dates coming up and overdue tasks, each linking to its transaction.
// The member's own or the whole organization's, as the page reads it.
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui";
import { formatDate, personName, plural } from "@/components/ui/format";
import type { Agenda } from "@/lib/modules/transactions";
import { KEY_DATE_KIND_LABELS } from "@/lib/modules/transactions/schemas";

function More({ shown, total }: { shown: number; total: number }) {
  return total > shown ? (
    <p className="mt-1 text-xs text-fg-muted">and {plural(total - shown, "more")}</p>
  ) : null;
}

export function AgendaCard({
  title,
  description,
  agenda,
  days,
  organization,
  showAssignees = false,
}: {
  title: string;
  description?: string;
  agenda: Agenda;
  days: number;
  organization: string;
  /** Whose overdue tasks they are (the organization's agenda). */
  showAssignees?: boolean;
}) {
  const loopHref = (id: string) => `/${organization}/transactions/${id}`;
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="flex flex-col gap-4 text-sm">
        <section aria-label={`Key dates in the next ${days} days`}>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase">
            Key dates in the next {days} days
          </h3>
          {agenda.keyDates.length === 0 ? (
            <p className="text-fg-muted">No pending key dates coming up.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {agenda.keyDates.map((k) => (
                <li key={k.id} className="flex justify-between gap-2">
                  <Link className="min-w-0 underline-offset-2 hover:underline" href={loopHref(k.loop.id)}>
                    {k.kind === "CUSTOM" ? k.label : KEY_DATE_KIND_LABELS[k.kind]}{" "}
                    <span className="text-fg-muted">· {k.loop.propertyAddress}</span>
                  </Link>
                  <span className="shrink-0 text-fg-muted">{formatDate(k.date)}</span>
                </li>
              ))}
            </ul>
          )}
          <More shown={agenda.keyDates.length} total={agenda.keyDateCount} />
        </section>
        <section aria-label="Overdue tasks">
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-fg-muted uppercase">Overdue tasks</h3>
          {agenda.overdueTasks.length === 0 ? (
            <p className="text-fg-muted">Nothing overdue.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {agenda.overdueTasks.map((t) => (
                <li key={t.id} className="flex justify-between gap-2">
                  <Link className="min-w-0 underline-offset-2 hover:underline" href={loopHref(t.loop.id)}>
                    {t.title} <span className="text-fg-muted">· {t.loop.propertyAddress}</span>
                    {showAssignees && <span className="text-fg-muted"> · {personName(t.assignee)}</span>}
                  </Link>
                  <span className="shrink-0 font-medium text-danger">due {formatDate(t.dueDate)}</span>
                </li>
              ))}
            </ul>
          )}
          <More shown={agenda.overdueTasks.length} total={agenda.overdueCount} />
        </section>
      </div>
    </Card>
  );
}
