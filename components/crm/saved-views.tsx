"use client";
// Saved views of the contacts list: pick one (its filters, sort and columns become the list's URL), save the current
// list as a view — for yourself or shared with the organization — and delete a view you may manage.
import { usePathname, useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button, Checkbox, ConfirmDialog, Dialog, Input, Select, useToast } from "@/components/ui";
import { deleteViewAction } from "@/lib/modules/crm/actions/delete-view";
import { saveViewAction } from "@/lib/modules/crm/actions/save-view";
import type { SavedViewItem, ViewParams } from "@/lib/modules/crm/schemas";
import { listHref, type ListState } from "./list-href";

/** What a view stores for a list state: everything but the page cursor, defaults left out. */
export function viewParamsOf(state: ListState): ViewParams {
  const p: ViewParams = {};
  if (state.q) p.q = state.q;
  if (state.status) p.status = state.status as ViewParams["status"];
  if (state.assignee) p.assignee = state.assignee;
  if (state.followUp) p.followUp = state.followUp as ViewParams["followUp"];
  if (state.tag) p.tag = state.tag;
  if (state.hide?.length) p.hide = state.hide as ViewParams["hide"];
  if (state.sort !== "newest") p.sort = state.sort as ViewParams["sort"];
  if (state.size !== 50) p.size = state.size;
  return p;
}

export function stateOfView(params: ViewParams): ListState {
  return { ...params, sort: params.sort ?? "newest", size: params.size ?? 50 };
}

export function SavedViews({
  organization,
  state,
  views,
  canShare,
}: {
  organization: string;
  state: ListState;
  views: SavedViewItem[];
  canShare: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const toast = useToast();
  const formId = useId();
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();

  const here = listHref(pathname, state);
  const current = views.find((v) => listHref(pathname, stateOfView(v.params)) === here);

  const save = () =>
    start(async () => {
      setError(undefined);
      const result = await saveViewAction({ organization, name, shared, params: viewParamsOf(state) });
      if (!result.ok) {
        setError(result.fieldErrors?.name?.[0] ?? result.error.message);
        return;
      }
      toast.success(
        `Saved the view “${result.data.name}”${result.data.shared ? ", shared with your team" : ""}`,
      );
      setSaving(false);
      setName("");
      setShared(false);
      router.refresh();
    });

  return (
    <div className="flex flex-wrap items-end gap-2">
      <Select
        label="Saved view"
        placeholder={views.length ? "Choose a view" : "No saved views yet"}
        className="min-w-56"
        options={views.map((v) => ({ value: v.id, label: v.shared ? `${v.name} (shared)` : v.name }))}
        value={current?.id ?? ""}
        onChange={(e) => {
          const view = views.find((v) => v.id === e.target.value);
          router.push(view ? listHref(pathname, stateOfView(view.params)) : pathname);
        }}
      />
      <Button variant="secondary" onClick={() => setSaving(true)}>
        Save view…
      </Button>
      {current?.canManage && (
        <Button variant="ghost" onClick={() => setDeleting(true)}>
          Delete view
        </Button>
      )}
      <Dialog
        open={saving}
        onClose={() => setSaving(false)}
        title="Save this view"
        description="Its filters, sort and columns, under a name you pick from the list later."
        footer={
          <>
            <Button variant="secondary" onClick={() => setSaving(false)}>
              Cancel
            </Button>
            <Button type="submit" form={formId} pending={pending}>
              Save view
            </Button>
          </>
        }
      >
        <form
          id={formId}
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Input
            label="Name"
            placeholder="e.g. My hot leads"
            maxLength={60}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          {canShare ? (
            <Checkbox
              label="Share with the organization"
              hint="Everyone who sees contacts can use it; you, owners and admins can change it."
              checked={shared}
              onChange={(e) => setShared(e.target.checked)}
            />
          ) : (
            <p className="text-xs text-fg-muted">Only you will see this view.</p>
          )}
          <FormError message={error} />
        </form>
      </Dialog>
      {current && (
        <ConfirmDialog
          open={deleting}
          onClose={() => setDeleting(false)}
          title={`Delete the view “${current.name}”?`}
          description={
            current.shared
              ? "It disappears for everyone in the organization. The contacts stay as they are."
              : "The contacts stay as they are."
          }
          confirmLabel="Delete view"
          pending={pending}
          onConfirm={() =>
            start(async () => {
              const result = await deleteViewAction({ organization, id: current.id });
              if (!result.ok) {
                toast.error(result.error.message);
                return;
              }
              toast.success(`Deleted the view “${current.name}”`);
              setDeleting(false);
              router.push(pathname);
            })
          }
        />
      )}
    </div>
  );
}
