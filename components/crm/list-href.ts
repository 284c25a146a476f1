// The contacts list URL for a list state (used by the toolbar in the browser and by pagination on the server).
export interface ListState {
  q?: string;
  status?: string;
  assignee?: string;
  followUp?: string;
  tag?: string;
  /** Hidden optional columns. */
  hide?: string[];
  sort: string;
  size: number;
}

export function listHref(pathname: string, state: ListState, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.status) p.set("status", state.status);
  if (state.assignee) p.set("assignee", state.assignee);
  if (state.followUp) p.set("followUp", state.followUp);
  if (state.tag) p.set("tag", state.tag);
  if (state.hide?.length) p.set("hide", state.hide.join(","));
  if (state.sort !== "newest") p.set("sort", state.sort);
  if (state.size !== 50) p.set("size", String(state.size));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const qs = p.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}
