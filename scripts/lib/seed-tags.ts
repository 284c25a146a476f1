// Demo tags on the first few seeded contacts, through the app's own service (each tagging audited like a user's).
// Idempotent: a contact that already has a tag is left as it is.
import { authorizeUser } from "../../lib/auth/authorize";
import type { CurrentUser } from "../../lib/auth/current-user";
import type { PrismaClient } from "../../lib/database/generated/prisma/client";
import { tagContact } from "../../lib/modules/crm/services/tags";

const DEMO_TAGS: Array<[tag: string, contactIndexes: number[]]> = [
  ["VIP", [0, 3]],
  ["Open house", [1, 2, 5]],
  ["First-time buyer", [4, 6]],
];

export async function seedTags(
  db: PrismaClient,
  opts: { organization: string; agent: CurrentUser; contactIds: string[] },
): Promise<number> {
  const ctx = await authorizeUser(opts.agent, {
    organization: opts.organization,
    permission: "contacts:write",
  });
  let added = 0;
  for (const [name, indexes] of DEMO_TAGS)
    for (const i of indexes) {
      const contactId = opts.contactIds[i];
      if (!contactId) continue;
      const exists = await db.contact.count({ where: { id: contactId } });
      if (!exists) continue;
      const res = await tagContact(ctx, { organization: opts.organization, contactId, name });
      if (res.added) added++;
    }
  return added;
}
