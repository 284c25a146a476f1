import { Skeleton } from "@/components/ui";

export default function ImportLoading() {
  return (
    <div className="flex flex-col gap-6" role="status" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-7 w-48" />
      <Skeleton className="h-40 w-full max-w-2xl" />
    </div>
  );
}
