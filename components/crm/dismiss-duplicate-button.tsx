"use client";
// "Not a duplicate": remembers the pair so the duplicates page stops offering it.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button, useToast } from "@/components/ui";
import { dismissDuplicateAction } from "@/lib/modules/crm/actions/dismiss-duplicate";

export function DismissDuplicateButton({
  organization,
  a,
  b,
}: {
  organization: string;
  a: { id: string; name: string };
  b: { id: string; name: string };
}) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  return (
    <Button
      variant="secondary"
      size="sm"
      pending={pending}
      aria-label={`${a.name} and ${b.name} are not duplicates`}
      onClick={() =>
        start(async () => {
          const result = await dismissDuplicateAction({ organization, a: a.id, b: b.id });
          if (!result.ok) {
            toast.error(result.error.message);
            return;
          }
          toast.success(`${a.name} and ${b.name} won't be suggested again`);
          router.refresh();
        })
      }
    >
      Not a duplicate
    </Button>
  );
}
