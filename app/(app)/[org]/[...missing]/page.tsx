import { notFound } from "next/navigation";

// Any path under an organization that no route matches: the organization's own not-found page, inside its shell
// (without this, Next renders the root not-found without the sidebar).
export default function MissingInOrganization() {
  notFound();
}
