"use client";
import { useState, useTransition } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui";
import { acceptInvitationAction } from "@/lib/modules/organizations/actions/accept-invitation";

export function AcceptInvitationButton({
  token,
  organizationName,
}: {
  token: string;
  organizationName: string;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col gap-3">
      <FormError message={error} />
      <Button
        pending={pending}
        onClick={() =>
          start(async () => {
            setError(undefined);
            const result = await acceptInvitationAction({ token });
            if (result && !result.ok) setError(result.error.message);
          })
        }
      >
        Join {organizationName}
      </Button>
    </div>
  );
}
