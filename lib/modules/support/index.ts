// Support module: platform support staff's audited, time-limited, read-only way into any organization
// (decision 0027). Pages use the query below; the entry itself is the server action in ./actions.
export { searchOrganizationsForSupport, type SupportOrganization } from "./queries/organizations";
export { openSupportAccess } from "./services/open-support-access";
