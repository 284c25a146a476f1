// `npm run user:suspend -- <email>` suspends a user; `-- <email> --lift` lifts it. Platform staff's tool: the
// database does the rest in the same transaction (private.apply_suspension bans the Auth user and revokes its
// sessions; RLS, Realtime and Storage treat a suspended user as a member of nothing). Lifting restores USER.
import { openScriptDb } from "./lib/script-db";

const args = process.argv.slice(2);
const lift = args.includes("--lift");
const email = args
  .find((a) => !a.startsWith("--"))
  ?.trim()
  .toLowerCase();
if (!email) {
  console.error("usage: npm run user:suspend -- <email> [--lift]");
  process.exit(2);
}

const { db, close } = openScriptDb(1);
try {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, globalRole: true } });
  if (!user) {
    console.error(`No Hearth user with the email ${email} (they may never have signed in).`);
    process.exitCode = 1;
  } else if (lift ? user.globalRole !== "SUSPENDED" : user.globalRole === "SUSPENDED") {
    console.info(`${email} is ${lift ? "not suspended" : "already suspended"}; nothing to do.`);
  } else {
    await db.user.update({ where: { id: user.id }, data: { globalRole: lift ? "USER" : "SUSPENDED" } });
    console.info(
      lift
        ? `${email}: suspension lifted; they can sign in again.`
        : `${email}: suspended; their sessions are revoked and they can't sign in.`,
    );
  }
} finally {
  await close();
}
