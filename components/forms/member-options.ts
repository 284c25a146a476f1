// A member of the organization as an assignee picker lists them: "Avery Agent (avery@…)", or the email alone.
export interface MemberOption {
  id: string;
  name: string | null;
  email: string;
}

export const memberOptions = (members: readonly MemberOption[]) =>
  members.map((m) => ({ value: m.id, label: m.name ? `${m.name} (${m.email})` : m.email }));
