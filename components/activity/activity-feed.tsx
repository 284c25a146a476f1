"use client";
// The live activity feed: the first page comes from the server; new entries arrive through Supabase Realtime
// with the signed-in user's session (never the service key), and anything missed while disconnected or asleep
// is backfilled in order, without duplicates.
import { useEffect, useMemo, useRef, useState } from "react";
import { Button, EmptyState } from "@/components/ui";
import { entityLabelOf, type ActivityActor, type ActivityEntry } from "@/lib/modules/activity/schemas";
import { ActivitySync } from "@/lib/modules/activity/client";
import { getJson } from "@/lib/http-client";
import { createBrowserSupabase, type PublicSupabaseConfig } from "@/lib/supabase/browser";
import { runLiveSync } from "@/lib/supabase/live-channel";
import { ActivityItem } from "./activity-item";

const MAX_ENTRIES = 200;

export interface ActivityFeedProps {
  organization: { id: string; slug: string };
  initialEntries: ActivityEntry[]; // newest first
  people: ActivityActor[];
  supabase: PublicSupabaseConfig;
}

export function ActivityFeed({ organization, initialEntries, people, supabase: config }: ActivityFeedProps) {
  const [entries, setEntries] = useState(initialEntries);
  const [unseen, setUnseen] = useState(0);
  const [status, setStatus] = useState("CONNECTING");
  const listRef = useRef<HTMLDivElement>(null);
  const peopleById = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);

  useEffect(() => {
    const client = createBrowserSupabase(config);
    const sync = new ActivitySync<ActivityEntry>({
      supabase: client,
      organizationId: organization.id,
      // The first page is the newest entries: its highest chain position is where the backfill continues.
      sealedThrough: Math.max(0, ...initialEntries.map((e) => e.chainSeq ?? 0)),
      known: initialEntries.map((e) => e.seq),
      fromRecord: (r) => {
        const actorId = (r.user_id as string | null) ?? null;
        return {
          id: String(r.id),
          seq: Number(r.seq),
          chainSeq: r.chain_seq == null ? null : Number(r.chain_seq),
          action: String(r.action),
          entityType: String(r.entity_type),
          entityId: (r.entity_id as string | null) ?? null,
          entityLabel: entityLabelOf(r.new_values, r.old_values),
          actorId,
          actor: actorId ? (peopleById.get(actorId) ?? null) : null,
          createdAt: new Date(String(r.created_at)).toISOString(),
          oldValues: r.old_values,
          newValues: r.new_values,
        };
      },
      backfill: async (afterSeq) => {
        const result = await getJson<ActivityEntry[]>(
          `/api/organizations/${encodeURIComponent(organization.slug)}/activity?after=${afterSeq}`,
        );
        if (!result.ok) throw new Error(result.error.message);
        return result.data;
      },
      onEntries: (fresh) => {
        setEntries((current) => [...fresh.slice().reverse(), ...current].slice(0, MAX_ENTRIES));
        const scrolledAway = (listRef.current?.scrollTop ?? 0) > 40;
        if (scrolledAway) setUnseen((n) => n + fresh.length);
      },
      onStatus: setStatus,
    });
    return runLiveSync(sync);
    // The feed restarts only when the organization changes (the parent keys it by organization too).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organization.id]);

  const live = status === "SUBSCRIBED";
  return (
    <div className="relative flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <p className="flex items-center gap-2 text-xs text-fg-muted" role="status">
          <span
            aria-hidden="true"
            className={`inline-block size-2 rounded-full ${live ? "bg-success" : "bg-amber-500"}`}
          />
          {live ? "Live" : status === "CONNECTING" ? "Connecting…" : "Reconnecting…"}
        </p>
      </div>
      {unseen > 0 && (
        <Button
          size="sm"
          className="sticky top-0 z-10 self-center shadow"
          onClick={() => {
            listRef.current?.scrollTo({ top: 0, behavior: "smooth" });
            setUnseen(0);
          }}
        >
          ↑ {unseen} new {unseen === 1 ? "activity" : "activities"}
        </Button>
      )}
      <div
        ref={listRef}
        className="max-h-[32rem] overflow-y-auto pr-1"
        onScroll={(e) => {
          if (e.currentTarget.scrollTop <= 40 && unseen > 0) setUnseen(0);
        }}
      >
        {entries.length === 0 ? (
          <EmptyState
            title="No activity yet"
            description="When your team adds contacts, moves deals or uploads documents, it shows up here as it happens."
          />
        ) : (
          <ol aria-label="Activity feed" className="flex flex-col">
            {entries.map((e) => (
              <ActivityItem key={e.id} entry={e} orgSlug={organization.slug} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
