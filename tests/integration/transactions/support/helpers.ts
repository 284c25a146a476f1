// Shared helpers for the transactions integration tests: contexts as authorizeUser builds them, and a way to
// assert a specific AppError.
import { authorizeUser } from "@/lib/auth/authorize";
import type { Permission } from "@/lib/auth/permissions";
import type { AppError } from "@/lib/errors";
import { asCurrentUser, type TestUser } from "../../../support/factories";

export function ctxFor(user: TestUser, organization: string, permission: Permission = "loops:write") {
  return authorizeUser(asCurrentUser(user), { organization, permission });
}

export async function failure(p: Promise<unknown>): Promise<AppError> {
  return p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: AppError) => e,
  );
}
