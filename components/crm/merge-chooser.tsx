"use client";
// Merging two contacts, side by side: which contact stays (its page, links and history), and per field whose value
// the merged contact keeps. Fields where both say the same need no choice; an empty value is never preferred over
// a filled one. Every deal, tag and transaction of both ends up on the contact that stays.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormError } from "@/components/forms/form-error";
import { Button, Card, ConfirmDialog, useToast } from "@/components/ui";
import { formatDateTime, personName, plural } from "@/components/ui/format";
import { mergeContactsAction } from "@/lib/modules/crm/actions/merge-contacts";
import {
  CONTACT_FIELDS,
  CONTACT_STATUS_LABELS,
  MERGE_FIELD_LABELS,
  type MergeCandidate,
  type MergeField,
} from "@/lib/modules/crm/schemas";
import { LocalTime } from "./local-time";

type Side = 0 | 1;

const isEmpty = (v: unknown) => v === null || v === undefined || v === "";

/** A field's value in words (the assignee by name, the status by its label), or null when empty. */
function words(c: MergeCandidate, f: MergeField): string | null {
  if (f === "assignedTo") return c.assignedTo ? personName(c.assignee) : null;
  if (f === "status") return CONTACT_STATUS_LABELS[c.status];
  if (f === "nextFollowUp") return c.nextFollowUp ? formatDateTime(c.nextFollowUp) : null;
  return c[f];
}

/** The side whose value a field starts with: the kept contact's, unless it is empty and the other's isn't. */
function defaultChoices(pair: [MergeCandidate, MergeCandidate], keep: Side): Record<MergeField, Side> {
  const other: Side = keep === 0 ? 1 : 0;
  return Object.fromEntries(
    CONTACT_FIELDS.map((f) => [f, isEmpty(pair[keep][f]) && !isEmpty(pair[other][f]) ? other : keep]),
  ) as Record<MergeField, Side>;
}

export function MergeChooser({
  organization,
  pair,
}: {
  organization: string;
  pair: [MergeCandidate, MergeCandidate];
}) {
  const router = useRouter();
  const toast = useToast();
  // The contact with more deals stays by default (then the older one): fewer links change.
  const initialKeep: Side =
    pair[1].counts.deals > pair[0].counts.deals ||
    (pair[1].counts.deals === pair[0].counts.deals && pair[1].createdAt < pair[0].createdAt)
      ? 1
      : 0;
  const [keep, setKeep] = useState<Side>(initialKeep);
  const [choices, setChoices] = useState(() => defaultChoices(pair, initialKeep));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();
  const remove: Side = keep === 0 ? 1 : 0;
  const differing = CONTACT_FIELDS.filter(
    (f) => JSON.stringify(pair[0][f] ?? null) !== JSON.stringify(pair[1][f] ?? null),
  );
  const same = CONTACT_FIELDS.filter((f) => !differing.includes(f) && !isEmpty(pair[0][f]));
  const total = (k: keyof MergeCandidate["counts"]) => pair[0].counts[k] + pair[1].counts[k];

  const chooseKeep = (side: Side) => {
    setKeep(side);
    setChoices(defaultChoices(pair, side));
  };

  const merge = () =>
    start(async () => {
      setError(undefined);
      const result = await mergeContactsAction({
        organization,
        keepId: pair[keep].id,
        removeId: pair[remove].id,
        keepVersion: pair[keep].version,
        removeVersion: pair[remove].version,
        fields: Object.fromEntries(
          CONTACT_FIELDS.map((f) => [f, choices[f] === keep ? "keep" : "remove"]),
        ) as Record<MergeField, "keep" | "remove">,
      });
      setConfirming(false);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`Merged into ${result.data.name}`);
      router.push(`/${organization}/crm/contacts/${result.data.id}`);
    });

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <Card>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 font-medium">Which contact stays?</legend>
          <p className="text-sm text-fg-muted">
            It keeps its page and history; the other one is removed after everything of it moves over.
          </p>
          <div className="grid gap-2 sm:grid-cols-2">
            {pair.map((c, i) => (
              <label
                key={c.id}
                className="flex cursor-pointer items-start gap-2 rounded-md border border-border p-3 has-[:checked]:border-accent has-[:checked]:bg-accent/5"
              >
                <input
                  type="radio"
                  name="keep"
                  className="mt-1 accent-[var(--accent)]"
                  checked={keep === i}
                  onChange={() => chooseKeep(i as Side)}
                />
                <span className="flex flex-col text-sm">
                  <span className="font-medium">{c.name}</span>
                  <span className="text-fg-muted">
                    Added <LocalTime iso={c.createdAt} withTime={false} /> · {plural(c.counts.deals, "deal")}{" "}
                    · {plural(c.counts.tags, "tag")} · {plural(c.counts.loops, "transaction")}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </Card>

      <Card>
        <h2 className="mb-1 font-medium">Pick the values to keep</h2>
        {differing.length === 0 ? (
          <p className="text-sm text-fg-muted">
            Both contacts have the same details; there is nothing to choose.
          </p>
        ) : (
          <div className="flex flex-col divide-y divide-border">
            {differing.map((f) => (
              <fieldset key={f} className="grid gap-2 py-3 sm:grid-cols-[10rem_1fr_1fr] sm:items-start">
                <legend className="contents">
                  <span className="text-sm font-medium">{MERGE_FIELD_LABELS[f]}</span>
                </legend>
                {pair.map((c, i) => (
                  <label
                    key={c.id}
                    className="flex cursor-pointer items-start gap-2 rounded-md border border-border p-2 text-sm has-[:checked]:border-accent has-[:checked]:bg-accent/5"
                  >
                    <input
                      type="radio"
                      name={`field-${f}`}
                      value={i}
                      aria-label={`${MERGE_FIELD_LABELS[f]}: ${words(c, f) ?? "empty"}`}
                      className="mt-0.5 accent-[var(--accent)]"
                      checked={choices[f] === i}
                      onChange={() => setChoices((prev) => ({ ...prev, [f]: i as Side }))}
                    />
                    <span className="whitespace-pre-wrap break-words">
                      {f === "nextFollowUp" && c.nextFollowUp ? (
                        <LocalTime iso={c.nextFollowUp} />
                      ) : (
                        (words(c, f) ?? <span className="text-fg-muted">Empty</span>)
                      )}
                    </span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        )}
        {same.length > 0 && (
          <p className="mt-2 text-xs text-fg-muted">
            The same on both: {same.map((f) => MERGE_FIELD_LABELS[f].toLowerCase()).join(", ")}.
          </p>
        )}
      </Card>

      <p className="text-sm">
        The merged contact will have {plural(total("deals"), "deal")}, every tag of both, and{" "}
        {plural(total("loops"), "transaction participation")}. This can&rsquo;t be undone.
      </p>
      <FormError message={error} />
      <div>
        <Button type="submit" pending={pending}>
          Merge into one contact
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Merge ${pair[remove].name} into ${pair[keep].name}?`}
        description={`${pair[remove].name} is removed after its deals, tags and transactions move to ${pair[keep].name}. This can't be undone.`}
        confirmLabel="Merge"
        pending={pending}
        onConfirm={merge}
      />
    </form>
  );
}
