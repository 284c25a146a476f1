import { Skeleton, SkeletonRows } from "@/components/ui";

export default function TransactionsLoading() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-start justify-between gap-3">
        <div className="flex flex-col gap-2">
          <Skeleton className="h-7 w-40" />
          <Skeleton className="h-4 w-72" />
        </div>
        <Skeleton className="h-10 w-36" />
      </div>
      <Skeleton className="h-16 w-full" />
      <SkeletonRows rows={8} label="Loading transactions" />
    </div>
  );
}
