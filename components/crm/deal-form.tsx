"use client";
// Create or edit a deal. The contact is fixed when the form opens from a contact's page; otherwise a search
// picks one (the organization may have 100,000 contacts, so no giant dropdown).
import { useEffect, useId, useState } from "react";
import { Controller } from "react-hook-form";
import { FormError } from "@/components/forms/form-error";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, Input, Select, controlClasses } from "@/components/ui";
import { createDealAction } from "@/lib/modules/crm/actions/create-deal";
import { getJson } from "@/lib/http-client";
import { updateDealAction } from "@/lib/modules/crm/actions/update-deal";
import {
  DEAL_STAGE_LABELS,
  DEAL_STAGES,
  updateDealSchema,
  createDealSchema,
  type DealStage,
  type UpdateDealInput,
} from "@/lib/modules/crm/schemas";
import type { AssigneeOption } from "./contact-form";

export interface EditableDeal {
  id: string;
  title: string;
  value: string;
  stage: DealStage;
  expectedClose: string | null;
  contact: { id: string; name: string };
  assignee: { id: string } | null;
}

interface ContactOption {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
}

const STAGE_OPTIONS = DEAL_STAGES.map((s) => ({ value: s, label: DEAL_STAGE_LABELS[s] }));

export function DealForm({
  organization,
  assignees,
  deal,
  contact,
  defaultStage,
  onDone,
  onCancel,
}: {
  organization: string;
  assignees: AssigneeOption[];
  deal?: EditableDeal;
  /** A fixed contact (the form opened from their page). */
  contact?: { id: string; name: string };
  defaultStage?: DealStage;
  onDone: () => void;
  onCancel: () => void;
}) {
  const editing = deal !== undefined;
  const fixedContact = contact ?? deal?.contact;
  const { form, onSubmit, formError, pending } = useActionForm<
    UpdateDealInput,
    { id: string; title: string }
  >({
    schema: (editing ? updateDealSchema : createDealSchema) as typeof updateDealSchema,
    action: (values) => (editing ? updateDealAction(values) : createDealAction(values)),
    defaultValues: {
      organization,
      id: deal?.id ?? "00000000-0000-4000-8000-000000000000",
      title: deal?.title ?? "",
      value: deal?.value ?? "",
      stage: deal?.stage ?? defaultStage ?? "LEAD",
      expectedClose: deal?.expectedClose ?? "",
      contactId: fixedContact?.id ?? "",
      assignedTo: deal?.assignee?.id ?? "",
    },
    successMessage: (d) => (editing ? `Saved ${d.title}` : `Added ${d.title}`),
    onSuccess: onDone,
  });
  const { errors } = form.formState;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-3"
      aria-label={editing ? "Edit deal" : "New deal"}
    >
      <Input
        label="Title"
        required
        placeholder="e.g. 12 Elm St — purchase"
        error={errors.title?.message}
        {...form.register("title")}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <Input
          label="Value (USD)"
          inputMode="decimal"
          placeholder="350000"
          error={errors.value?.message}
          {...form.register("value")}
        />
        <Select
          label="Stage"
          options={STAGE_OPTIONS}
          error={errors.stage?.message}
          {...form.register("stage")}
        />
        <Input
          label="Expected close"
          type="date"
          error={errors.expectedClose?.message}
          {...form.register("expectedClose")}
        />
        <Select
          label="Assigned to"
          placeholder="Nobody"
          options={assignees.map((a) => ({ value: a.id, label: a.name ?? a.email }))}
          error={errors.assignedTo?.message}
          {...form.register("assignedTo")}
        />
      </div>
      {contact ? (
        <p className="text-sm">
          Contact: <strong>{contact.name}</strong>
        </p>
      ) : (
        <Controller
          control={form.control}
          name="contactId"
          render={({ field, fieldState }) => (
            <ContactPicker
              organization={organization}
              initial={deal?.contact}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      )}
      <FormError message={formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          {editing ? "Save deal" : "Add deal"}
        </Button>
      </div>
    </form>
  );
}

/** A search box and a select of the matching contacts (keyboard- and screen-reader-friendly). */
function ContactPicker({
  organization,
  initial,
  value,
  onChange,
  error,
}: {
  organization: string;
  initial?: { id: string; name: string };
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  const id = useId();
  const [q, setQ] = useState("");
  const [options, setOptions] = useState<ContactOption[]>(
    initial ? [{ ...initial, email: null, company: null }] : [],
  );
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const t = setTimeout(
      async () => {
        setSearching(true);
        const result = await getJson<ContactOption[]>(
          `/api/organizations/${encodeURIComponent(organization)}/contacts/options?q=${encodeURIComponent(q)}`,
        );
        if (cancelled) return;
        setSearching(false);
        if (result.ok) {
          const keep =
            initial && !result.data.some((o) => o.id === initial.id) && value === initial.id
              ? [{ ...initial, email: null, company: null }]
              : [];
          setOptions([...keep, ...result.data]);
          if (!value && result.data.length > 0 && q) onChange(result.data[0]!.id);
        }
      },
      q ? 250 : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- search when the text changes
  }, [q, organization]);

  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">
        Contact{" "}
        <span className="text-danger" aria-hidden="true">
          *
        </span>
      </legend>
      <Input
        label="Find a contact"
        type="search"
        placeholder="Name, email, phone or company"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        hint={searching ? "Searching…" : undefined}
      />
      <label htmlFor={id} className="text-sm font-medium">
        Contact for this deal
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={controlClasses(Boolean(error), "h-10")}
      >
        <option value="">
          {options.length ? "Choose a contact" : q ? "No contacts match" : "Type to search"}
        </option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {o.email ? ` — ${o.email}` : o.company ? ` — ${o.company}` : ""}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}
