// A person as every view shows one — a member, an assignee, an uploader, an audit entry's actor. `email` is null
// when the viewer can no longer see the person's profile (they left the organization); the UI then says "Former
// member". Client-safe: components import the type, queries the select.
export interface Person {
  id: string;
  name: string | null;
  email: string | null;
}

/** The columns of `users` a Person is made of (a Prisma select). */
export const PERSON_SELECT = { id: true, name: true, email: true } as const;
