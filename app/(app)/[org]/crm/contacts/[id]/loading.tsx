import { Skeleton, SkeletonRows } from "@/components/ui";

export default function ContactLoading() {
  return (
    <div className="flex flex-col gap-6">
      <Skeleton className="h-4 w-40" />
      <div className="flex items-start justify-between gap-3">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-10 w-32" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-96" />
        <div className="flex flex-col gap-4 lg:col-span-2">
          <SkeletonRows rows={4} label="Loading contact" />
          <Skeleton className="h-48" />
        </div>
      </div>
    </div>
  );
}
