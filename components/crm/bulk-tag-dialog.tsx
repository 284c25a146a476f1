"use client";
// Tag the selected contacts (ticked rows or every contact matching the filter) in one all-or-nothing action.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Input, useToast } from "@/components/ui";
import { plural } from "@/components/ui/format";
import { bulkTagContactsAction } from "@/lib/modules/crm/actions/bulk-tag-contacts";
import type { TagOption } from "@/lib/modules/crm/schemas";
import { BulkDialog, type BulkSelection } from "./bulk-assign-dialog";
import { TagSuggestions } from "./contact-tags";

export function BulkTagDialog({
  open,
  onClose,
  onDone,
  organization,
  tags,
  selection,
  count,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  organization: string;
  tags: TagOption[];
  selection: BulkSelection;
  count: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const listId = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();

  const submit = () =>
    start(async () => {
      setError(undefined);
      const result = await bulkTagContactsAction({ organization, name, selection });
      if (!result.ok) {
        setError(result.fieldErrors?.name?.[0] ?? result.error.message);
        return;
      }
      const { count: added, tag } = result.data;
      toast.success(
        added === 0
          ? `They all had the tag “${tag.name}” already`
          : `Tagged ${plural(added, "contact")} “${tag.name}”`,
      );
      setName("");
      onClose();
      onDone();
      router.refresh();
    });

  return (
    <BulkDialog
      open={open}
      onClose={onClose}
      title={`Tag ${plural(count, "contact")}`}
      description="Pick one of your tags or type a new one. All of them are tagged, or none are."
      submitLabel="Tag"
      pending={pending}
      error={error}
      onSubmit={submit}
    >
      <Input
        label="Tag"
        list={listId}
        placeholder="e.g. Open house — May"
        maxLength={40}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TagSuggestions id={listId} tags={tags} />
    </BulkDialog>
  );
}
