"use client";
// A loop's documents: type, size, uploader, date; view PDFs and images in the browser, download (an authorized
// route that decrypts and verifies), copy a short-lived link, file in a checklist slot, delete (destroys the
// document's key).
import { useState, useTransition } from "react";
import { useRunAction } from "@/components/forms/use-run-action";
import {
  Button,
  buttonClasses,
  ConfirmDialog,
  EmptyState,
  Table,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  useToast,
} from "@/components/ui";
import { createDocumentLinkAction } from "@/lib/modules/documents/actions/create-document-link";
import { deleteDocumentAction } from "@/lib/modules/documents/actions/delete-document";
import { formatBytes, formatDate, personName } from "@/components/ui/format";
import type { DocumentView } from "@/lib/modules/documents";
import { DOCUMENT_TYPE_LABELS, documentDownloadUrl, viewerKind } from "@/lib/modules/documents/schemas";
import { DocumentViewer } from "./document-viewer";
import { FileInSlot, type SlotChoice } from "./file-in-slot";

/** A row of the table: the documents module's view of a document. */
export type DocumentRow = DocumentView;

/** Columns shown from small-tablet width up. */
const WIDE = "hidden sm:table-cell";

export function DocumentsTable({
  organization,
  documents,
  canDelete,
  slots = [],
  label = "Documents",
}: {
  organization: string;
  documents: DocumentRow[];
  canDelete: boolean;
  /** The checklist slots a document can be filed in; pass them only to those who may file documents. */
  slots?: SlotChoice[];
  label?: string;
}) {
  const toast = useToast();
  const [pending, start] = useTransition();
  const { run, pending: removing } = useRunAction();
  const [deleting, setDeleting] = useState<DocumentRow | null>(null);
  const [viewing, setViewing] = useState<DocumentRow | null>(null);

  if (documents.length === 0) {
    return (
      <EmptyState
        title="No documents yet"
        description="Upload the purchase agreement, disclosures, inspection reports and the rest of this transaction's paperwork."
      />
    );
  }

  const copyLink = (doc: DocumentRow) =>
    start(async () => {
      const result = await createDocumentLinkAction({ organization, documentId: doc.id });
      if (!result.ok) return toast.error(result.error.message);
      try {
        await navigator.clipboard.writeText(result.data.url);
        toast.success(
          `Link copied — it works for members of this organization for ${minutesUntil(result.data.expiresAt)} minutes`,
        );
      } catch {
        window.prompt("Copy this link:", result.data.url);
      }
    });

  return (
    <>
      <Table label={label}>
        <THead>
          <Tr>
            <Th>Name</Th>
            {/* At phone width the details go under the name, so the actions stay on screen. */}
            <Th className={WIDE}>Type</Th>
            <Th className={`${WIDE} text-right`}>Size</Th>
            <Th className={WIDE}>Uploaded by</Th>
            <Th className={WIDE}>Date</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </Tr>
        </THead>
        <TBody>
          {documents.map((doc) => (
            <Tr key={doc.id}>
              <Td className="min-w-40 max-w-64 break-words font-medium">
                {doc.fileName}
                <span className="block text-xs font-normal text-fg-muted sm:hidden">
                  {DOCUMENT_TYPE_LABELS[doc.documentType]} · {formatBytes(doc.sizeBytes)} ·{" "}
                  {formatDate(doc.createdAt)}
                </span>
              </Td>
              <Td className={WIDE}>
                <span className="block">{DOCUMENT_TYPE_LABELS[doc.documentType]}</span>
                <span className="block text-xs text-fg-muted">{doc.typeLabel}</span>
              </Td>
              <Td className={`${WIDE} text-right tabular-nums`}>{formatBytes(doc.sizeBytes)}</Td>
              <Td className={`${WIDE} break-words`}>{personName(doc.uploadedBy, "—")}</Td>
              <Td className={`${WIDE} whitespace-nowrap`}>{formatDate(doc.createdAt)}</Td>
              <Td>
                <div className="flex flex-wrap justify-end gap-1">
                  {viewerKind(doc.sniffedType) && (
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => setViewing(doc)}
                      aria-label={`View ${doc.fileName}`}
                    >
                      View
                    </Button>
                  )}
                  {slots.length > 0 && (
                    <FileInSlot
                      organization={organization}
                      document={doc}
                      slots={slots}
                      currentSlotId={null}
                    />
                  )}
                  <a
                    className={buttonClasses("secondary", "sm")}
                    href={documentDownloadUrl(organization, doc.id)}
                    download
                    aria-label={`Download ${doc.fileName}`}
                  >
                    Download
                  </a>
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={pending}
                    onClick={() => copyLink(doc)}
                    aria-label={`Copy link to ${doc.fileName}`}
                  >
                    Copy link
                  </Button>
                  {canDelete && (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setDeleting(doc)}
                      aria-label={`Delete ${doc.fileName}`}
                    >
                      Delete
                    </Button>
                  )}
                </div>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {viewing && (
        <DocumentViewer
          key={viewing.id}
          organization={organization}
          document={viewing}
          onClose={() => setViewing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete document?"
        description={
          deleting
            ? `${deleting.fileName} will be destroyed: its encryption key is erased, so it can't be recovered.`
            : undefined
        }
        confirmLabel="Delete document"
        pending={removing}
        onConfirm={() => {
          const doc = deleting!;
          setDeleting(null);
          run(() => deleteDocumentAction({ organization, documentId: doc.id }), {
            success: `${doc.fileName} deleted`,
          });
        }}
      >
        <p className="text-sm">Links already shared stop working.</p>
      </ConfirmDialog>
    </>
  );
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.round((new Date(iso).getTime() - Date.now()) / 60_000));
}
