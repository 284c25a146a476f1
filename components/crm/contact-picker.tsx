"use client";
// Picks one of the organization's contacts: a search box (the contacts list's search, through
// GET /api/organizations/<org>/contacts/options) and a select of the matches — an organization may have 100,000
// contacts, so no giant dropdown. Used by the deal form and by a transaction's people.
import { useEffect, useState } from "react";
import { Input, Select } from "@/components/ui";
import { getJson } from "@/lib/http-client";
import type { ContactOption } from "@/lib/modules/crm";

/** A search box and a select of the matching contacts (keyboard- and screen-reader-friendly). */
export function ContactPicker({
  organization,
  label,
  initial,
  value,
  onChange,
  error,
}: {
  organization: string;
  /** The select's label, e.g. "Contact for this deal". */
  label: string;
  initial?: { id: string; name: string };
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
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
      <Select
        label={label}
        placeholder={options.length ? "Choose a contact" : q ? "No contacts match" : "Type to search"}
        options={options.map((o) => ({
          value: o.id,
          label: `${o.name}${o.email ? ` — ${o.email}` : o.company ? ` — ${o.company}` : ""}`,
        }))}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    </fieldset>
  );
}
