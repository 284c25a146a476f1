"use client";
// A contact's tags: remove one with its × button, add one by typing (the organization's tags are suggested; a new
// name becomes a tag on the spot).
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Badge, Button, Input, useToast } from "@/components/ui";
import { tagContactAction } from "@/lib/modules/crm/actions/tag-contact";
import { untagContactAction } from "@/lib/modules/crm/actions/untag-contact";
import type { TagOption } from "@/lib/modules/crm/schemas";

export function TagList({ tags, onRemove }: { tags: TagOption[]; onRemove?: (tag: TagOption) => void }) {
  if (tags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((t) => (
        <li key={t.id}>
          <Badge className="gap-1">
            {t.name}
            {onRemove && (
              <button
                type="button"
                className="-mr-1 rounded-full px-1 leading-none hover:bg-fg/10 focus-visible:outline-2"
                aria-label={`Remove the tag ${t.name}`}
                onClick={() => onRemove(t)}
              >
                ×
              </button>
            )}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** A datalist of the organization's tags for a tag input (type to pick one, or a new name). */
export function TagSuggestions({ id, tags }: { id: string; tags: TagOption[] }) {
  return (
    <datalist id={id}>
      {tags.map((t) => (
        <option key={t.id} value={t.name} />
      ))}
    </datalist>
  );
}

export function ContactTags({
  organization,
  contactId,
  tags,
  allTags,
  canWrite,
}: {
  organization: string;
  contactId: string;
  tags: TagOption[];
  allTags: TagOption[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const listId = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, start] = useTransition();

  const add = () =>
    start(async () => {
      setError(undefined);
      const result = await tagContactAction({ organization, contactId, name });
      if (!result.ok) {
        setError(result.fieldErrors?.name?.[0] ?? result.error.message);
        return;
      }
      setName("");
      if (!result.data.added) toast.success(`Already tagged “${result.data.tag.name}”`);
      router.refresh();
    });
  const remove = (tag: TagOption) =>
    start(async () => {
      const result = await untagContactAction({ organization, contactId, tagId: tag.id });
      if (!result.ok) toast.error(result.error.message);
      else toast.success(`Removed the tag “${tag.name}”`);
      router.refresh();
    });

  const assigned = new Set(tags.map((t) => t.id));
  return (
    <div className="flex flex-col gap-2" aria-busy={pending || undefined}>
      {tags.length === 0 && !canWrite && <span className="text-fg-muted">No tags</span>}
      <TagList tags={tags} onRemove={canWrite ? remove : undefined} />
      {canWrite && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <Input
            label="Add a tag"
            className="flex-1"
            list={listId}
            placeholder="Type a tag, e.g. VIP"
            maxLength={40}
            value={name}
            error={error}
            onChange={(e) => setName(e.target.value)}
          />
          <TagSuggestions id={listId} tags={allTags.filter((t) => !assigned.has(t.id))} />
          <Button type="submit" variant="secondary" pending={pending} disabled={!name.trim()}>
            Add
          </Button>
        </form>
      )}
    </div>
  );
}
