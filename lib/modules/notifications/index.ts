import "server-only";
// Notifications module: each member's notifications (the centre, the live unread count, muted kinds) and the daily
// digest. Other modules call notify() inside their own transaction and offer digest sections through DigestSource;
// server actions are in ./actions, the count's route in ./routes, the browser's live count in ./client.
export {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
} from "./queries/notifications";
export { notify, type Notice, type NotifyActor } from "./services/notify";
export {
  runDailyDigest,
  type DigestMember,
  type DigestReport,
  type DigestSection,
  type DigestSource,
} from "./services/digest";
export { KEY_DATE_SOON_DAYS } from "./schemas";
