/**
 * This tab's runner id: one per page load, sent with every generate and heartbeat request
 * so the server can tell this tab's leases from another tab's or process's.
 */

/** RFC 4122 version 4 from getRandomValues: randomUUID exists only in secure contexts (not http://192.168.x.x). */
export function newRunnerId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let tabRunnerId: string | undefined;

/** The same id for the life of the page; a reload is a new runner (its old leases expire). */
export function getTabRunnerId(): string {
  tabRunnerId ??= newRunnerId();
  return tabRunnerId;
}
