"use client";
// The deal page's interactive parts: "Move to…" (with the Lost / Won questions) and the note form.
import { useRouter } from "next/navigation";
import { ActionForm } from "@/components/forms/action-form";
import { FormTextarea } from "@/components/forms/fields";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, useToast } from "@/components/ui";
import { addDealNoteAction } from "@/lib/modules/crm/actions/add-deal-note";
import { moveDealStageAction } from "@/lib/modules/crm/actions/move-deal-stage";
import {
  addDealNoteSchema,
  DEAL_STAGE_LABELS,
  isClosedStage,
  type AddDealNoteInput,
} from "@/lib/modules/crm/schemas";
import { MoveToMenu, useDealMove, type CommitMove, type MovableDeal } from "./deal-stage-move";

export function DealStageMover({ organization, deal }: { organization: string; deal: MovableDeal }) {
  const router = useRouter();
  const toast = useToast();
  const commit: CommitMove = async (d, input) => {
    const result = await moveDealStageAction(input);
    if (result.ok) {
      if (!isClosedStage(input.stage)) toast.success(`${d.title} moved to ${DEAL_STAGE_LABELS[input.stage]}`);
      router.refresh();
    } else if (!isClosedStage(input.stage)) toast.error(result.error.message);
    return result;
  };
  const { request, dialogs } = useDealMove(organization, commit);
  return (
    <div className="w-40">
      <MoveToMenu deal={deal} onPick={(stage) => request(deal, stage)} />
      {dialogs}
    </div>
  );
}

export function DealNoteForm({ organization, dealId }: { organization: string; dealId: string }) {
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm<AddDealNoteInput, { id: string }>({
    schema: addDealNoteSchema,
    action: addDealNoteAction,
    defaultValues: { organization, dealId, body: "" },
    successMessage: "Note added",
    onSuccess: () => {
      form.reset({ organization, dealId, body: "" });
      router.refresh();
    },
  });
  return (
    <ActionForm form={form} onSubmit={onSubmit} label="Add a note" className="flex flex-col gap-2">
      <FormTextarea
        form={form}
        name="body"
        label="New note"
        rows={3}
        placeholder="What happened, what's next…"
      />
      {formError && <FormError message={formError} />}
      <div className="flex justify-end">
        <Button type="submit" size="sm" pending={pending}>
          Add note
        </Button>
      </div>
    </ActionForm>
  );
}
