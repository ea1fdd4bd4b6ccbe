/** The app's top-level areas, in header order. The home page links to the same list. */
export const NAV_ITEMS = [
  { href: "/conversations", label: "Conversations" },
  { href: "/batches/new", label: "New batch" },
  { href: "/backups", label: "Backups" },
] as const;

/** Whether `pathname` is inside the area at `href` (a detail page keeps its area active). */
export function isActivePath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
