import "server-only";
// The shape of every server action that acts in an organization: validate with the form's schema, authorize
// (plan, global role and organization role for the permission; the feature follows from the permission),
// rate-limit writes, run the handler with the typed context, revalidate the section it changed, and return one
// ActionResult the form understands (lib/action.ts maps every failure). A file holds only what is particular
// to its action:
//
//   export const createContactAction = orgAction("contacts:write", createContactSchema, createContact, {
//     revalidate: "crm",
//   });
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { action, type ActionOptions } from "../action";
import { armIdempotencyKey } from "../database/idempotency";
import type { ActionResult } from "../errors";
import { isService } from "../service";
import { authorize, requireUser, withAuthorization, type AuthContext } from "./authorize";
import type { CurrentUser } from "./current-user";
import type { Permission } from "./permissions";
import type { RateLimitName } from "./rate-limit";

/** The parts of an organization's pages an action's change shows up on. */
const SECTIONS = {
  crm: { path: "/crm", type: "layout" },
  transactions: { path: "/transactions", type: "layout" },
  members: { path: "/settings/members", type: "page" },
  notifications: { path: "/notifications", type: "page" },
  templates: { path: "/settings/templates", type: "page" },
  organization: { path: "", type: "layout" },
} as const satisfies Record<string, { path: string; type: "page" | "layout" }>;
export type Section = keyof typeof SECTIONS;

export interface OrgActionOptions<T = unknown, R = T> extends ActionOptions {
  /** The section whose pages show what this action changed. */
  revalidate?: Section;
  /** For logs; defaults to the handler's name. */
  name?: string;
  /** The rate-limit bucket its writes count in, when not the shared one (writeLimit). */
  rateLimit?: RateLimitName;
  /**
   * What the action answers, made from the service's committed result: work that talks to another system after
   * the transaction (an invitation's mail) without a transaction of its own. A replay of an idempotent action
   * answers the recorded result instead, without calling it.
   */
  respond?: (result: T, ctx: AuthContext) => Promise<R>;
}

type OrgInput = { organization: string };

export function orgAction<S extends z.ZodType<OrgInput>, T, R = T>(
  permission: Permission,
  schema: S,
  handler: (ctx: AuthContext, input: z.output<S>) => Promise<T>,
  opts: OrgActionOptions<T, R> = {},
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return action(
    opts.name ?? (handler.name || permission),
    schema,
    async (input): Promise<R> => {
      const req = { organization: input.organization, permission, rateLimit: opts.rateLimit };
      let ctx: AuthContext;
      let result: T;
      if (isService<T>(handler)) {
        // A tenantService: authorization and its work share one transaction (decision 0031).
        let authorized: AuthContext | undefined;
        result = await withAuthorization(
          await requireUser(),
          req,
          (tx, c) => ((authorized = c), handler.within(tx, c, input)),
          { timeoutMs: handler.timeoutMs },
        );
        ctx = authorized!;
        await handler.afterCommit?.(result, ctx);
      } else {
        ctx = await authorize(req);
        armIdempotencyKey(); // the form's key (opts.idempotent) counts from here: a refusal never claims it
        result = await handler(ctx, input);
      }
      if (opts.revalidate) {
        const section = SECTIONS[opts.revalidate];
        revalidatePath(`/${ctx.organization.slug}${section.path}`, section.type);
      }
      return opts.respond ? opts.respond(result, ctx) : (result as unknown as R);
    },
    { idempotent: opts.idempotent, armAfterAuthorize: true },
  );
}

/** A server action for any signed-in (unsuspended) user, before they act in an organization: onboarding, invitations. */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  handler: (user: CurrentUser, input: z.output<S>) => Promise<T>,
  opts: { name?: string } = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return action(opts.name ?? (handler.name || "userAction"), schema, async (input) =>
    handler(await requireUser(), input),
  );
}
