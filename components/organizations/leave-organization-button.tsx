"use client";
import { useState, useTransition } from "react";
import { Button, ConfirmDialog, useToast } from "@/components/ui";
import { leaveOrganizationAction } from "@/lib/modules/organizations/actions/leave-organization";

export function LeaveOrganizationButton({ organization, name }: { organization: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Leave {name}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Leave ${name}?`}
        description="You'll lose access right away. An admin can invite you again."
        confirmLabel="Leave"
        cancelLabel="Stay"
        pending={pending}
        onConfirm={() =>
          start(async () => {
            const result = await leaveOrganizationAction({ organization });
            if (result && !result.ok) toast.error(result.error.message);
          })
        }
      >
        <p className="text-sm">If you are the only owner, make someone else an owner first.</p>
      </ConfirmDialog>
    </>
  );
}
