"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { buttonClasses, EmptyState } from "@/components/ui";

export default function LoopNotFound() {
  const { org } = useParams<{ org: string }>();
  return (
    <EmptyState
      title="Transaction not found"
      description="It may have been deleted, or the link is wrong."
      action={
        <Link href={`/${org}/transactions`} className={buttonClasses("secondary", "sm")}>
          Back to transactions
        </Link>
      }
    />
  );
}
