// `npm run notifications:digest`: the daily digest. For every active member of every organization, once a day
// (UTC): a notification for their key dates in the next 3 days and one for their overdue tasks, and — where the
// member keeps the digest on — one mail to the outbox with those and their unread notifications. Run it from a
// scheduler once a day; running it again the same day does nothing. Uses DIRECT_URL/DATABASE_URL (default: the
// local stack), as the table owner.
//
//   npm run notifications:digest                            every organization
//   npm run notifications:digest -- --organization <slug>   one organization
import { env } from "../lib/env";
import { runDailyDigest } from "../lib/modules/notifications";
import { TRANSACTIONS_DIGEST_SOURCES } from "../lib/modules/transactions";
import { openScriptDb } from "./lib/script-db";

const at = process.argv.indexOf("--organization");
const slug = at >= 0 ? process.argv[at + 1]?.trim().toLowerCase() : undefined;
if (at >= 0 && !slug) {
  console.error("usage: npm run notifications:digest [-- --organization <slug>]");
  process.exit(2);
}

const { db, close } = openScriptDb();
try {
  const organization = slug
    ? await db.organization.findUnique({ where: { slug }, select: { id: true } })
    : null;
  if (slug && !organization) throw new Error(`no organization with the address ${slug}`);
  const report = await runDailyDigest({
    db,
    sources: TRANSACTIONS_DIGEST_SOURCES,
    appUrl: env().APP_URL ?? "http://localhost:3000",
    organizationId: organization?.id,
  });
  console.info(
    `notifications:digest ${report.day} — ${report.claimed} of ${report.members} members done now` +
      ` (${report.members - report.claimed} earlier today), ${report.notifications} notifications, ${report.mailed} mails.`,
  );
} catch (err) {
  console.error(`notifications:digest failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
