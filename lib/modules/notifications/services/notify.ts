import "server-only";
// notify(): the one way a service tells teammates about what it did, inside its own tenant transaction, so a
// notification commits (and reaches Realtime) only with the change it is about. The acting user is never notified
// of their own work; former and suspended members are skipped; a member who muted the kind gets nothing (the
// database drops the row: private.guard_notification, which also refuses anyone who isn't an active member).
import type { TenantTx } from "@/lib/database/tenant";
import type { NotificationKind } from "../schemas";

export interface NotifyActor {
  user: { id: string };
  organization: { id: string };
}

export interface Notice {
  /** Who it is for; the actor, duplicates and blanks are dropped. */
  userIds: ReadonlyArray<string | null | undefined>;
  kind: NotificationKind;
  title: string;
  body?: string | null;
  /** A path inside the app ("/<org>/transactions/<id>"). */
  link: string;
  /** What it is about, as audit entries name it (e.g. transaction_document + its id); none for a batch. */
  entity?: { type: string; id: string } | null;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Notifies the recipients; returns how many notifications were written. */
export async function notify(tx: TenantTx, actor: NotifyActor, notice: Notice): Promise<number> {
  const wanted = [
    ...new Set(notice.userIds.filter((id): id is string => typeof id === "string" && id !== actor.user.id)),
  ];
  if (wanted.length === 0) return 0;
  // One statement: the recipients still members (accepted, not suspended) and their rows, under RLS like any
  // other write of the caller's transaction.
  return tx.$executeRaw`
    insert into public.notifications
      (organization_id, user_id, kind, title, body, link, entity_type, entity_id, created_by)
    select m.organization_id, m.user_id, ${notice.kind}::public.notification_kind, ${clip(notice.title, 300)},
           ${notice.body ? clip(notice.body, 2000) : null}, ${notice.link}, ${notice.entity?.type ?? null},
           ${notice.entity?.id ?? null}, ${actor.user.id}::uuid
      from public.organization_members m
      join public.users u on u.id = m.user_id
     where m.organization_id = ${actor.organization.id}::uuid
       and m.user_id = any(${wanted}::uuid[])
       and m.accepted_at is not null
       and u.global_role <> 'SUSPENDED'`;
}
