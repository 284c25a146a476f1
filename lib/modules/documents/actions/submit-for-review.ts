"use server";
import { orgAction } from "@/lib/auth/org-action";
import { submitForReviewSchema } from "../schemas";
import { submitLoopForReview } from "../services/review";

export const submitForReviewAction = orgAction(
  "documents:write",
  submitForReviewSchema,
  submitLoopForReview,
  {
    revalidate: "transactions",
  },
);
