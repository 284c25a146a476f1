import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignupForm } from "@/components/auth/signup-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { nextPathSchema } from "@/lib/modules/account/schemas";
import { z } from "zod";

// The invitation page links here with the invited address, so the person doesn't type it again.
const prefillEmail = z.email().max(320).catch("").optional();

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const next = nextPathSchema.parse(params.next);
  const user = await getCurrentUser();
  if (user && user.globalRole !== "SUSPENDED") redirect(next ?? "/app");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Create your Hearth account</h1>
      <SignupForm next={next} email={prefillEmail.parse(params.email)} />
    </div>
  );
}
