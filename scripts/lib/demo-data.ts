// The demo organizations and logins `npm run db:seed` creates (also printed by `npm run dev`).
import type { GlobalRole, OrgRole, SubscriptionTier } from "../../lib/database/generated/prisma/enums";

export const DEMO_PASSWORD = "hearth-demo-123";

export interface DemoUser {
  email: string;
  name: string;
  globalRole: GlobalRole;
  memberships: Array<{ org: string; role: OrgRole }>;
}

export const DEMO_ORGS: Array<{
  slug: string;
  name: string;
  tier: SubscriptionTier;
  contacts: number;
  loops: number;
  /** Showcase loops made through the app's services: the member who works them and the admin who reviews. */
  showcase?: { agent: string; reviewer: string };
}> = [
  {
    slug: "maple-realty",
    name: "Maple Realty",
    tier: "ELITE",
    contacts: 320,
    loops: 14,
    showcase: { agent: "agent@hearth.test", reviewer: "admin@hearth.test" },
  },
  { slug: "cedar-homes", name: "Cedar Homes", tier: "STARTER", contacts: 140, loops: 4 },
];

export const DEMO_USERS: DemoUser[] = [
  {
    email: "owner@hearth.test",
    name: "Olivia Owner",
    globalRole: "USER",
    memberships: [{ org: "maple-realty", role: "OWNER" }],
  },
  {
    email: "admin@hearth.test",
    name: "Adam Admin",
    globalRole: "USER",
    memberships: [{ org: "maple-realty", role: "ADMIN" }],
  },
  {
    email: "agent@hearth.test",
    name: "Mia Member",
    globalRole: "USER",
    memberships: [
      { org: "maple-realty", role: "MEMBER" },
      { org: "cedar-homes", role: "MEMBER" },
    ],
  },
  {
    email: "viewer@hearth.test",
    name: "Victor Viewer",
    globalRole: "USER",
    memberships: [{ org: "maple-realty", role: "VIEWER" }],
  },
  {
    email: "cedar-owner@hearth.test",
    name: "Chloe Cedar",
    globalRole: "USER",
    memberships: [{ org: "cedar-homes", role: "OWNER" }],
  },
  { email: "support@hearth.test", name: "Sam Support", globalRole: "SUPPORT", memberships: [] },
];
