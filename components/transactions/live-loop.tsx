"use client";
// Makes an open loop page live: when a teammate changes the loop, its tasks, documents, people, key dates or
// slots, the page's server data is fetched again (router.refresh keeps what the user is typing). Shows whether
// the page is live.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { LoopSync } from "@/lib/modules/transactions/client";
import { createBrowserSupabase, type PublicSupabaseConfig } from "@/lib/supabase/browser";
import { runLiveSync } from "@/lib/supabase/live-channel";

export function LiveLoop({ loopId, supabase: config }: { loopId: string; supabase: PublicSupabaseConfig }) {
  const router = useRouter();
  const [status, setStatus] = useState("CONNECTING");

  useEffect(() => {
    return runLiveSync(
      new LoopSync({
        supabase: createBrowserSupabase(config),
        loopId,
        onRefresh: () => router.refresh(),
        onStatus: setStatus,
      }),
    );
    // One subscription per loop; the page keys this component by loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loopId]);

  const live = status === "SUBSCRIBED";
  return (
    <p className="flex items-center gap-2 text-xs text-fg-muted" role="status" aria-live="polite">
      <span
        aria-hidden="true"
        className={`inline-block size-2 rounded-full ${live ? "bg-success" : "bg-amber-500"}`}
      />
      {live
        ? "Live: teammates' changes appear here"
        : status === "CONNECTING"
          ? "Connecting…"
          : "Reconnecting…"}
    </p>
  );
}
