"use client";
import { useState, useTransition } from "react";
import { Button, Dialog, useToast } from "@/components/ui";
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
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Leave ${name}?`}
        description="You'll lose access right away. An admin can invite you again."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Stay
            </Button>
            <Button
              variant="danger"
              pending={pending}
              onClick={() =>
                start(async () => {
                  const result = await leaveOrganizationAction({ organization });
                  if (result && !result.ok) toast.error(result.error.message);
                })
              }
            >
              Leave
            </Button>
          </>
        }
      >
        <p className="text-sm">If you are the only owner, make someone else an owner first.</p>
      </Dialog>
    </>
  );
}
