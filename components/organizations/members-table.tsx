"use client";
import { useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, Button, ConfirmDialog, EmptyState, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { changeMemberRoleAction } from "@/lib/modules/organizations/actions/change-member-role";
import { removeMemberAction } from "@/lib/modules/organizations/actions/remove-member";
import { revokeInvitationAction } from "@/lib/modules/organizations/actions/revoke-invitation";
import { setMemberReviewerAction } from "@/lib/modules/organizations/actions/set-member-reviewer";
import { roleLabel } from "@/lib/modules/organizations/schemas";
import { formatDate } from "@/components/ui/format";

export interface MemberRow {
  id: string;
  role: "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";
  /** Permissions beyond the role: "reviews:manage" is the reviewer flag. */
  grants: string[];
  acceptedAt: string | null;
  user: { id: string; email: string; name: string | null };
}
export interface InvitationRow {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
}

const ROLE_OPTIONS = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;

export function MembersTable({
  organization,
  members,
  invitations,
  currentUserId,
  canManage,
  isOwner,
}: {
  organization: string;
  members: MemberRow[];
  invitations: InvitationRow[];
  currentUserId: string;
  canManage: boolean;
  isOwner: boolean;
}) {
  const { run: runAction, pending } = useRunAction();
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const run = (action: Parameters<typeof runAction>[0], success: string) => runAction(action, { success });

  return (
    <div className="flex flex-col gap-6">
      <Table label="Members">
        <THead>
          <Tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Reviewer</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {members.map((m) => {
            const self = m.user.id === currentUserId;
            const editable = canManage && (isOwner || m.role !== "OWNER");
            return (
              <Tr key={m.id}>
                <Td>
                  {m.user.name ?? "—"} {self && <Badge tone="accent">you</Badge>}
                </Td>
                <Td className="break-all">{m.user.email}</Td>
                <Td>
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.user.email}`}
                      defaultValue={m.role}
                      disabled={pending}
                      className="h-8 rounded-md border border-border bg-surface px-2 text-sm"
                      onChange={(e) =>
                        run(
                          () =>
                            changeMemberRoleAction({
                              organization,
                              memberId: m.id,
                              role: e.target.value as MemberRow["role"],
                            }),
                          `${m.user.email} is now ${roleLabel(e.target.value).toLowerCase()}`,
                        )
                      }
                    >
                      {ROLE_OPTIONS.filter((r) => isOwner || r !== "OWNER").map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <Badge>{roleLabel(m.role)}</Badge>
                  )}
                </Td>
                <Td>
                  <ReviewerFlag
                    member={m}
                    canManage={canManage}
                    pending={pending}
                    onChange={(reviewer, after) =>
                      runAction(() => setMemberReviewerAction({ organization, memberId: m.id, reviewer }), {
                        success: reviewer
                          ? `${m.user.email} now reviews documents`
                          : `${m.user.email} no longer reviews documents`,
                        after,
                      })
                    }
                  />
                </Td>
                <Td className="text-right">
                  {editable && !self && (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setRemoving(m)}
                      aria-label={`Remove ${m.user.email}`}
                    >
                      Remove
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>

      {canManage && (
        <section aria-labelledby="pending-heading" className="flex flex-col gap-2">
          <h2 id="pending-heading" className="text-base font-semibold">
            Pending invitations
          </h2>
          {invitations.length === 0 ? (
            <EmptyState
              title="No pending invitations"
              description="Invite your agents with the form above; their invitations show up here until accepted."
            />
          ) : (
            <Table label="Pending invitations">
              <THead>
                <Tr>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Expires</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </Tr>
              </THead>
              <TBody>
                {invitations.map((inv) => (
                  <Tr key={inv.id}>
                    <Td className="break-all">{inv.email}</Td>
                    <Td>{roleLabel(inv.role)}</Td>
                    <Td>{formatDate(inv.expiresAt)}</Td>
                    <Td className="text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={pending}
                        onClick={() =>
                          run(
                            () => revokeInvitationAction({ organization, invitationId: inv.id }),
                            `Invitation to ${inv.email} withdrawn`,
                          )
                        }
                      >
                        Withdraw
                      </Button>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </section>
      )}

      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove member?"
        description={
          removing ? `${removing.user.email} will lose access to this organization right away.` : undefined
        }
        confirmLabel="Remove"
        pending={pending}
        onConfirm={() => {
          const m = removing!;
          setRemoving(null);
          run(() => removeMemberAction({ organization, memberId: m.id }), `${m.user.email} was removed`);
        }}
      >
        <p className="text-sm">Their contacts, deals and activity stay with the organization.</p>
      </ConfirmDialog>
    </div>
  );
}

/**
 * The reviewer flag: owners and admins review documents by their role; members and viewers do when an owner or
 * admin turns the flag on.
 */
function ReviewerFlag({
  member,
  canManage,
  pending,
  onChange,
}: {
  member: MemberRow;
  canManage: boolean;
  pending: boolean;
  /** Turns the flag on or off; `after` says whether it worked. */
  onChange: (reviewer: boolean, after: (ok: boolean) => void) => void;
}) {
  const saved = member.grants.includes("reviews:manage");
  // Shown at once; back to what the server has if the change fails.
  const [checked, setChecked] = useState(saved);
  if (member.role === "OWNER" || member.role === "ADMIN")
    return <span className="text-sm text-fg-muted">By role</span>;
  if (!canManage) return saved ? <Badge tone="accent">Reviewer</Badge> : <span aria-label="No">—</span>;
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={`${member.user.email} reviews documents`}
      checked={checked}
      disabled={pending}
      className="size-4 accent-accent"
      onChange={(e) => {
        const next = e.target.checked;
        setChecked(next);
        onChange(next, (ok) => ok || setChecked(saved));
      }}
    />
  );
}
