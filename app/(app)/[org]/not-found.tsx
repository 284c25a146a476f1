import { NotFoundNotice } from "@/components/app-shell/not-found-notice";

// A page inside an organization that doesn't exist (or a record it can't see) keeps the sidebar: the org layout
// around this stays, so the person can carry on from where they are.
export default function OrgNotFound() {
  return <NotFoundNotice />;
}
