import "server-only";
// Dashboard module: the manager's view of team performance across the CRM and transactions (leaderboard, KPIs,
// pipeline, lead sources, closings). Route handlers are in ./routes, the browser's live refresh in ./client,
// client-safe shapes in ./schemas.
export { getTeamPerformance } from "./queries/performance";
