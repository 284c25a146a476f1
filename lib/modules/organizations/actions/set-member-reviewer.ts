"use server";
import { orgAction } from "@/lib/auth/org-action";
import { setMemberReviewerSchema } from "../schemas";
import { setMemberReviewer } from "../services/members";

export const setMemberReviewerAction = orgAction(
  "members:manage",
  setMemberReviewerSchema,
  setMemberReviewer,
  {
    revalidate: "members",
  },
);
