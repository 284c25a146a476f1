// Hostile input to the organization's and the notification centre's writes — settings, members, invitations, the
// plan, notifications (tests/fuzz/support/): never an INTERNAL answer or a leak, nothing stored that breaks the
// rules, nothing of the other tenant touched.
import {
  markAllNotificationsReadSchema,
  markNotificationReadSchema,
  updateNotificationPreferencesSchema,
} from "@/lib/modules/notifications/schemas";
import {
  markAllNotificationsRead,
  markNotificationRead,
  updateNotificationPreferences,
} from "@/lib/modules/notifications/services/inbox";
import {
  changeMemberRoleSchema,
  changePlanSchema,
  removeMemberSchema,
  revokeInvitationSchema,
  setMemberReviewerSchema,
  updateOrganizationSchema,
} from "@/lib/modules/organizations/schemas";
import {
  changeMemberRole,
  removeMember,
  revokeInvitation,
  setMemberReviewer,
} from "@/lib/modules/organizations/services/members";
import { changePlan, updateOrganization } from "@/lib/modules/organizations/services/organization";
import { fuzzSuite } from "./support/suite";

const rolesMayChange = { rolesMayChange: true };
// The plan before the memberships: a fuzzed role change can hand the organization to another owner.
fuzzSuite("Organization and notification writes", [
  ["markNotificationRead", markNotificationReadSchema, markNotificationRead, "notifications:read"],
  [
    "markAllNotificationsRead",
    markAllNotificationsReadSchema,
    markAllNotificationsRead,
    "notifications:read",
  ],
  [
    "updateNotificationPreferences",
    updateNotificationPreferencesSchema,
    updateNotificationPreferences,
    "notifications:read",
  ],
  ["updateOrganization", updateOrganizationSchema, updateOrganization, "organization:update"],
  ["changePlan", changePlanSchema, changePlan, "plan:manage"],
  ["setMemberReviewer", setMemberReviewerSchema, setMemberReviewer, "members:manage", rolesMayChange],
  ["revokeInvitation", revokeInvitationSchema, revokeInvitation, "members:manage"],
  ["changeMemberRole", changeMemberRoleSchema, changeMemberRole, "members:manage", rolesMayChange],
  ["removeMember", removeMemberSchema, removeMember, "members:manage", rolesMayChange],
]);
