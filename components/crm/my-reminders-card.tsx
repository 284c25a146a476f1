"use client";
// "My day" on the dashboard: the member's contact reminders due today or overdue, each ticked done from here.
import Link from "next/link";
import { useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, Button, Card, CardHeader } from "@/components/ui";
import { plural } from "@/components/ui/format";
import type { DueReminder } from "@/lib/modules/crm";
import { setContactReminderDoneAction } from "@/lib/modules/crm/actions/set-contact-reminder-done";
import { LocalTime } from "./local-time";

export function MyRemindersCard({
  organization,
  reminders,
  total,
}: {
  organization: string;
  reminders: DueReminder[];
  total: number;
}) {
  return (
    <Card>
      <CardHeader
        title="Your reminders today"
        description="Reminders on your contacts that are due today or overdue."
      />
      {reminders.length === 0 ? (
        <p className="text-sm text-fg-muted">
          Nothing due today. Reminders you set on a contact show up here.
        </p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm" aria-label="Your reminders today">
          {reminders.map((r) => (
            <ReminderLine key={r.id} organization={organization} reminder={r} />
          ))}
        </ul>
      )}
      {total > reminders.length && (
        <p className="mt-1 text-xs text-fg-muted">and {plural(total - reminders.length, "more")}</p>
      )}
    </Card>
  );
}

function ReminderLine({ organization, reminder }: { organization: string; reminder: DueReminder }) {
  const { run, pending } = useRunAction();
  // Hidden at once when ticked; back if the action fails.
  const [done, setDone] = useState(false);
  if (done) return null;
  return (
    <li className="flex items-start justify-between gap-2">
      <div className="min-w-0">
        <p>
          <span className="font-medium">{reminder.title}</span> <span className="text-fg-muted">·</span>{" "}
          <Link
            className="underline-offset-2 hover:underline"
            href={`/${organization}/crm/contacts/${reminder.contact.id}`}
          >
            {reminder.contact.name}
          </Link>
        </p>
        <p className="text-xs text-fg-muted">
          {reminder.overdue && <Badge tone="danger">Overdue</Badge>} due <LocalTime iso={reminder.dueAt} />
        </p>
      </div>
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        aria-label={`Mark done: ${reminder.title} (${reminder.contact.name})`}
        onClick={() =>
          run(() => setContactReminderDoneAction({ organization, id: reminder.id, done: true }), {
            success: `Done: ${reminder.title}`,
            after: (ok) => setDone(ok),
          })
        }
      >
        Done
      </Button>
    </li>
  );
}
