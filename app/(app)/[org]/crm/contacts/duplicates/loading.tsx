import { Skeleton, SkeletonRows } from "@/components/ui";

export default function DuplicatesLoading() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-80" />
      </div>
      <SkeletonRows rows={6} label="Looking for likely duplicates" />
    </div>
  );
}
