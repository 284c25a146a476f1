"use client";
// The people on a loop, grouped by side (buyer's or tenant's, seller's or landlord's, services): a contact links
// to their CRM page, a teammate is marked as one. Adding and removing need loops:write.
import Link from "next/link";
import { useState } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import type { MemberOption } from "@/components/forms/member-options";
import { Badge, Button, ConfirmDialog, EmptyState } from "@/components/ui";
import { personName } from "@/components/ui/format";
import type { ParticipantView } from "@/lib/modules/transactions";
import { removeParticipantAction } from "@/lib/modules/transactions/actions/remove-participant";
import {
  PARTICIPANT_ROLE_LABELS,
  PARTICIPANT_SIDE_OF,
  PARTICIPANT_SIDES,
  participantSideLabel,
  type TransactionType,
} from "@/lib/modules/transactions/schemas";
import { AddParticipantButton } from "./participant-form-dialog";

export type ParticipantRow = ParticipantView;

const nameOf = (p: ParticipantRow) => p.contact?.name ?? personName(p.user, "Former member");

export function ParticipantsPanel({
  organization,
  loopId,
  transactionType,
  participants,
  teammates,
  canWrite,
  canCreateContacts,
}: {
  organization: string;
  loopId: string;
  transactionType: TransactionType;
  participants: ParticipantRow[];
  teammates: MemberOption[];
  canWrite: boolean;
  canCreateContacts: boolean;
}) {
  const { run, pending } = useRunAction();
  const [removing, setRemoving] = useState<ParticipantRow | null>(null);
  const add = (label?: string, variant?: "primary" | "secondary") =>
    canWrite ? (
      <AddParticipantButton
        organization={organization}
        loopId={loopId}
        transactionType={transactionType}
        teammates={teammates}
        canCreateContacts={canCreateContacts}
        label={label}
        variant={variant}
      />
    ) : undefined;

  return (
    <section aria-labelledby="people-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id="people-heading" className="text-base font-semibold">
          People
        </h2>
        {participants.length > 0 && add()}
      </div>
      {participants.length === 0 ? (
        <EmptyState
          title="No one on this transaction yet"
          description="Add the buyer and seller, the agents, the lender, title and everyone else working on this deal."
          action={add("Add the first person", "primary")}
        />
      ) : (
        <div className="grid gap-3 md:grid-cols-3">
          {PARTICIPANT_SIDES.map((side) => {
            const label = participantSideLabel(side, transactionType);
            const people = participants.filter((p) => PARTICIPANT_SIDE_OF[p.role] === side);
            return (
              <div key={side} className="rounded-lg border border-border bg-surface p-3">
                <h3 className="mb-2 text-sm font-semibold text-fg-muted">{label}</h3>
                {people.length === 0 ? (
                  <p className="text-sm text-fg-muted">Nobody yet</p>
                ) : (
                  <ul aria-label={label} className="flex flex-col divide-y divide-border">
                    {people.map((p) => (
                      <li key={p.id} className="flex items-start justify-between gap-2 py-2">
                        <div className="min-w-0 text-sm">
                          <p className="break-words font-medium">
                            {p.contact ? (
                              <Link
                                href={`/${organization}/crm/contacts/${p.contact.id}`}
                                className="underline-offset-2 hover:underline"
                              >
                                {p.contact.name}
                              </Link>
                            ) : (
                              nameOf(p)
                            )}
                          </p>
                          <p className="flex flex-wrap items-center gap-1 text-xs text-fg-muted">
                            {PARTICIPANT_ROLE_LABELS[p.role]}
                            {p.user && <Badge tone="accent">Teammate</Badge>}
                          </p>
                          {p.contact && (p.contact.email || p.contact.phone) && (
                            <p className="break-all text-xs text-fg-muted">
                              {[p.contact.email, p.contact.phone].filter(Boolean).join(" · ")}
                            </p>
                          )}
                        </div>
                        {canWrite && (
                          <Button
                            variant="ghost"
                            size="sm"
                            onClick={() => setRemoving(p)}
                            aria-label={`Remove ${nameOf(p)} (${PARTICIPANT_ROLE_LABELS[p.role].toLowerCase()})`}
                          >
                            Remove
                          </Button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove from this transaction?"
        description={
          removing
            ? `${nameOf(removing)} will no longer be listed as ${PARTICIPANT_ROLE_LABELS[removing.role].toLowerCase()} on this transaction.`
            : undefined
        }
        confirmLabel="Remove"
        pending={pending}
        onConfirm={() => {
          const p = removing!;
          setRemoving(null);
          run(() => removeParticipantAction({ organization, participantId: p.id }), {
            success: `${nameOf(p)} removed`,
          });
        }}
      >
        {removing?.contact && <p className="text-sm">They stay in your CRM.</p>}
      </ConfirmDialog>
    </section>
  );
}
