import "server-only";
// Organizations module: onboarding, members and roles, invitations, the plan. What pages and other modules may
// use — including the one check that someone can be assigned work (assertAssignee); server actions are in
// ./actions, client-safe schemas in ./schemas.
export { findInvitation, type InvitationState } from "./queries/invitations";
export { listAssignees, listMembers, listTeammates, type Assignee } from "./queries/members";
export { getOrganizationSettings, getSubscription } from "./queries/organization";
export { assertAssignee, assertTeammate, assigneeRefused, assignableMembers } from "./services/assignees";
