"use client";
// Anything unexpected while rendering an organization page: a plain message and a way to retry, never a stack.
import { Button, Card } from "@/components/ui";

export default function OrgError({
  reset,
  error,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Card className="mx-auto mt-10 max-w-xl text-center" role="alert">
      <h1 className="text-lg font-semibold">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-fg-muted">
        Your data is safe. Try again; if it keeps happening, tell us this code:{" "}
        <code>{error.digest ?? "n/a"}</code>.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
