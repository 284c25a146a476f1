"use client";
import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { FormInput, FormSelect } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, useToast } from "@/components/ui";
import { inviteMemberAction } from "@/lib/modules/organizations/actions/invite-member";
import { inviteMemberSchema, type InviteMemberInput } from "@/lib/modules/organizations/schemas";

const ROLES = [
  { value: "MEMBER", label: "Member — works with contacts, deals and transactions" },
  { value: "VIEWER", label: "Viewer — read-only" },
  { value: "ADMIN", label: "Admin — also manages members and settings" },
] as const;

interface Invite {
  /** Null when a resubmission was answered with the first result (the link was shown then). */
  link: string | null;
  email: string;
  emailed: boolean | null;
  replaced: boolean;
}

/** `pendingEmails`: addresses with a pending invitation, to warn that inviting them again withdraws it. */
export function InviteMemberForm({
  organization,
  pendingEmails,
}: {
  organization: string;
  pendingEmails: readonly string[];
}) {
  const toast = useToast();
  const [invite, setInvite] = useState<Invite | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm<InviteMemberInput, Invite>({
    schema: inviteMemberSchema,
    action: inviteMemberAction,
    defaultValues: { organization, email: "", role: "MEMBER" },
    successMessage: (d) =>
      d.replaced
        ? `New invitation created for ${d.email}; the earlier link no longer works`
        : `Invitation created for ${d.email}`,
    onSuccess: (d) => {
      setInvite(d);
      form.reset({ organization, email: "", role: form.getValues("role") });
    },
  });
  const email = form.watch("email").trim().toLowerCase();
  const reinvite = email !== "" && pendingEmails.some((e) => e.toLowerCase() === email);
  return (
    <div className="flex flex-col gap-4">
      <ActionForm
        form={form}
        onSubmit={onSubmit}
        label="Invite a member"
        className="grid gap-3 sm:grid-cols-[1fr_16rem_auto] sm:items-end"
      >
        <FormInput
          form={form}
          name="email"
          label="Email address"
          type="email"
          required
          hint={
            reinvite
              ? "Already invited: sending a new invitation withdraws the pending one, and its link stops working."
              : undefined
          }
        />
        <FormSelect form={form} name="role" label="Role" options={ROLES} />
        <Button type="submit" pending={pending}>
          Send invitation
        </Button>
        <div className="sm:col-span-3">
          <FormError message={formError} />
        </div>
      </ActionForm>
      {invite?.link && (
        <div
          role="status"
          className="flex flex-col gap-2 rounded-md border border-border bg-surface-muted p-3 text-sm"
        >
          <p>
            Share this link with <strong>{invite.email}</strong>
            {invite.emailed ? " (we also emailed it)" : ""}. It works once and expires in 7 days.
            {invite.replaced &&
              " The earlier invitation to this address was withdrawn; its link no longer works."}
          </p>
          <div className="flex gap-2">
            <input
              readOnly
              aria-label="Invitation link"
              value={invite.link ?? ""}
              className="h-9 flex-1 rounded-md border border-border bg-surface px-2 font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              variant="secondary"
              size="sm"
              onClick={() =>
                navigator.clipboard.writeText(invite.link ?? "").then(
                  () => toast.success("Link copied"),
                  () => toast.error("Couldn't copy — select the link and copy it yourself"),
                )
              }
            >
              Copy link
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
