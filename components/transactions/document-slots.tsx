"use client";
// The loop's checklist documents: each slot (required first) with where it stands — missing, uploaded, pending
// review, returned with the reviewer's note, approved — its current document and earlier versions, and what the
// viewer may do: upload into it, approve or return it (reviewers), move a document, add or remove a slot.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormCheckbox, FormInput, FormTextarea } from "@/components/forms/fields";
import { FormDialog } from "@/components/forms/form-dialog";
import { useRunAction } from "@/components/forms/use-run-action";
import { Badge, Button, DialogButton, EmptyState } from "@/components/ui";
import { formatDate, personName } from "@/components/ui/format";
import type { DocumentView, SlotView } from "@/lib/modules/documents";
import { addSlotAction } from "@/lib/modules/documents/actions/add-slot";
import { approveDocumentAction } from "@/lib/modules/documents/actions/approve-document";
import { removeSlotAction } from "@/lib/modules/documents/actions/remove-slot";
import { returnDocumentAction } from "@/lib/modules/documents/actions/return-document";
import {
  addSlotSchema,
  REVIEW_STATUS_LABELS,
  returnDocumentSchema,
  type AddSlotInput,
  type ReturnDocumentInput,
} from "@/lib/modules/documents/schemas";
import { SlotStateBadge } from "./compliance-badge";
import { SlotUploadButton } from "./document-uploader";
import { FileInSlot } from "./file-in-slot";

export interface DocumentSlotsProps {
  organization: string;
  loopId: string;
  slots: SlotView[];
  maxBytes: number;
  /** documents:write — upload, file, move. */
  canUpload: boolean;
  /** reviews:manage — approve, return. */
  canReview: boolean;
  /** loops:write — add and remove slots. */
  canManageSlots: boolean;
}

export function DocumentSlots(props: DocumentSlotsProps) {
  const { organization, loopId, slots, canManageSlots } = props;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Checklist documents</h3>
        {canManageSlots && <AddSlotButton organization={organization} loopId={loopId} />}
      </div>
      {slots.length === 0 ? (
        <EmptyState
          title="No checklist documents"
          description="Add the documents this transaction needs — the purchase agreement, disclosures, the inspection report — and mark which are required to close."
        />
      ) : (
        <ul aria-label="Checklist documents" className="flex flex-col gap-2">
          {slots.map((slot) => (
            <SlotItem key={slot.id} slot={slot} {...props} />
          ))}
        </ul>
      )}
    </div>
  );
}

function SlotItem({
  slot,
  organization,
  loopId,
  slots,
  maxBytes,
  canUpload,
  canReview,
  canManageSlots,
}: DocumentSlotsProps & { slot: SlotView }) {
  const { run, pending } = useRunAction();
  const [returning, setReturning] = useState<DocumentView | null>(null);
  const doc = slot.current;
  const earlier = slot.documents.filter((d) => d.id !== doc?.id);
  const headingId = `slot-${slot.id}`;
  return (
    <li
      aria-labelledby={headingId}
      className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-3 sm:flex-row sm:items-start sm:justify-between"
    >
      <div className="flex min-w-0 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <h4 id={headingId} className="font-medium">
            {slot.title}
          </h4>
          <Badge>{slot.required ? "Required" : "Optional"}</Badge>
          <SlotStateBadge state={slot.state} />
        </div>
        {doc ? (
          <>
            <p className="text-sm break-words">
              <a
                className="font-medium text-accent underline-offset-2 hover:underline"
                href={`/api/documents/${encodeURIComponent(organization)}/files/${doc.id}`}
                download
                aria-label={`Download ${doc.fileName}`}
              >
                {doc.fileName}
              </a>{" "}
              <span className="text-fg-muted">
                · uploaded by {personName(doc.uploadedBy, "a former member")} on {formatDate(doc.createdAt)}
              </span>
            </p>
            <ReviewLine doc={doc} />
          </>
        ) : (
          <p className="text-sm text-fg-muted">Nothing uploaded yet.</p>
        )}
        {earlier.length > 0 && (
          <details className="text-sm">
            <summary className="cursor-pointer text-fg-muted">Earlier versions ({earlier.length})</summary>
            <ul className="mt-1 flex flex-col gap-1 pl-4">
              {earlier.map((d) => (
                <li key={d.id}>
                  <a
                    className="underline-offset-2 hover:underline"
                    href={`/api/documents/${encodeURIComponent(organization)}/files/${d.id}`}
                    download
                  >
                    {d.fileName}
                  </a>{" "}
                  <span className="text-fg-muted">
                    · {REVIEW_STATUS_LABELS[d.reviewStatus].toLowerCase()} · {formatDate(d.createdAt)}
                  </span>
                  {d.reviewNote && <p className="text-xs text-fg-muted">“{d.reviewNote}”</p>}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <div className="flex shrink-0 flex-col items-start gap-2 sm:items-end">
        {canReview && doc?.reviewStatus === "PENDING" && (
          <div className="flex gap-2">
            <Button
              size="sm"
              pending={pending}
              aria-label={`Approve ${slot.title}`}
              onClick={() =>
                run(() => approveDocumentAction({ organization, documentId: doc.id }), {
                  success: `${slot.title} approved`,
                })
              }
            >
              Approve
            </Button>
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Return ${slot.title}`}
              onClick={() => setReturning(doc)}
            >
              Return…
            </Button>
          </div>
        )}
        {canUpload &&
          (slot.state === "MISSING" || slot.state === "UPLOADED" || slot.state === "RETURNED") && (
            <SlotUploadButton
              organization={organization}
              loopId={loopId}
              maxBytes={maxBytes}
              slot={slot}
              again={doc !== null}
            />
          )}
        {canUpload && doc && (
          <FileInSlot organization={organization} document={doc} slots={slots} currentSlotId={slot.id} />
        )}
        {canManageSlots && slot.documents.length === 0 && (
          <Button
            size="sm"
            variant="ghost"
            disabled={pending}
            aria-label={`Remove the slot ${slot.title}`}
            onClick={() =>
              run(() => removeSlotAction({ organization, slotId: slot.id }), {
                success: `${slot.title} removed from the checklist`,
              })
            }
          >
            Remove slot
          </Button>
        )}
      </div>
      {returning && (
        <ReturnDialog
          organization={organization}
          slotTitle={slot.title}
          document={returning}
          onClose={() => setReturning(null)}
        />
      )}
    </li>
  );
}

/** Where the current document's review stands, in a sentence. */
function ReviewLine({ doc }: { doc: DocumentView }) {
  const by = personName(doc.reviewedBy, "a former member");
  switch (doc.reviewStatus) {
    case "NOT_SUBMITTED":
      return <p className="text-sm text-fg-muted">Not submitted for review yet.</p>;
    case "PENDING":
      return (
        <p className="text-sm text-fg-muted">
          Submitted {doc.submittedAt ? `on ${formatDate(doc.submittedAt)} ` : ""}— waiting for a reviewer.
        </p>
      );
    case "APPROVED":
      return (
        <p className="text-sm text-success">
          Approved by {by}
          {doc.reviewedAt ? ` on ${formatDate(doc.reviewedAt)}` : ""}.
        </p>
      );
    case "RETURNED":
      return (
        <div className="rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-sm">
          <p className="font-medium text-danger">
            Returned by {by}
            {doc.reviewedAt ? ` on ${formatDate(doc.reviewedAt)}` : ""}:
          </p>
          <p className="whitespace-pre-wrap">{doc.reviewNote}</p>
          <p className="mt-1 text-xs text-fg-muted">Upload a new version, then submit it for review again.</p>
        </div>
      );
  }
}

function ReturnDialog({
  organization,
  slotTitle,
  document,
  onClose,
}: {
  organization: string;
  slotTitle: string;
  document: DocumentView;
  onClose: () => void;
}) {
  const router = useRouter();
  return (
    <FormDialog<ReturnDocumentInput, unknown>
      open
      onClose={onClose}
      title={`Return ${slotTitle}`}
      description={`${document.fileName} goes back to its uploader with your note.`}
      submitLabel="Return document"
      schema={returnDocumentSchema}
      action={returnDocumentAction}
      defaultValues={{ organization, documentId: document.id, note: "" }}
      successMessage={`${slotTitle} returned`}
      onSuccess={() => router.refresh()}
    >
      {(form) => (
        <FormTextarea
          form={form}
          name="note"
          label="What needs to change"
          required
          hint="The agent sees this note on the transaction and in their notification."
        />
      )}
    </FormDialog>
  );
}

function AddSlotButton({ organization, loopId }: { organization: string; loopId: string }) {
  const router = useRouter();
  return (
    <DialogButton
      variant="secondary"
      size="sm"
      dialog={(state) => (
        <FormDialog<AddSlotInput, unknown>
          {...state}
          title="Add a checklist document"
          description="A document this transaction needs, beyond its template's."
          submitLabel="Add document"
          schema={addSlotSchema}
          action={addSlotAction}
          defaultValues={{ organization, loopId, title: "", required: true }}
          successMessage="Added to the checklist"
          onSuccess={() => router.refresh()}
        >
          {(form) => (
            <>
              <FormInput form={form} name="title" label="Document" required placeholder="HOA documents" />
              <FormCheckbox
                form={form}
                name="required"
                label="Required to close"
                hint="A required document must be approved in review before the transaction can close."
              />
            </>
          )}
        </FormDialog>
      )}
    >
      Add a document
    </DialogButton>
  );
}
