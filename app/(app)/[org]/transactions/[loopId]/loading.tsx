import { Skeleton, SkeletonRows } from "@/components/ui";

export default function LoopLoading() {
  return (
    <div className="flex flex-col gap-6">
      <Skeleton className="h-4 w-32" />
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-80 max-w-full" />
        <Skeleton className="h-4 w-56" />
      </div>
      <Skeleton className="h-20 w-full" />
      <SkeletonRows rows={4} label="Loading transaction" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
