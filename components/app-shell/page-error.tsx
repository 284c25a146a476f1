"use client";
// What a page shows when rendering it failed. A production page error reaches the browser without its message
// (only a digest), so the notice asks /api/health whether the database is reachable: if it isn't, it says so in
// words a person would use; otherwise the generic "something went wrong" with the digest to quote.
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button, Card } from "@/components/ui";
import { SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";

export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  // In development the message comes through; in production only the health check can tell.
  const [unavailable, setUnavailable] = useState(error.message === SERVICE_UNAVAILABLE_MESSAGE);
  useEffect(() => {
    let live = true;
    fetch("/api/health", { cache: "no-store" })
      .then((res) => live && res.status === 503 && setUnavailable(true))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [error]);

  return (
    <Card className="mx-auto mt-10 max-w-xl text-center" role="alert">
      {unavailable ? (
        <>
          <h1 className="text-lg font-semibold">Hearth is briefly unavailable</h1>
          <p className="mt-2 text-sm text-fg-muted">{SERVICE_UNAVAILABLE_MESSAGE}</p>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">Something went wrong on our side</h1>
          <p className="mt-2 text-sm text-fg-muted">
            Your data is safe. Try again; if it keeps happening, tell us this code:{" "}
            <code>{error.digest ?? "n/a"}</code>.
          </p>
        </>
      )}
      <Button
        className="mt-4"
        disabled={retrying}
        // A server page only renders again after a refresh; reset() alone would re-show the cached failure.
        onClick={() =>
          startRetry(() => {
            router.refresh();
            reset();
          })
        }
      >
        Try again
      </Button>
    </Card>
  );
}
