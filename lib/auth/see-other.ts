/**
 * A 303 to a same-site path with a relative Location. Building an absolute URL from
 * request.url is wrong behind a proxy and in `next dev`, where request.url may say
 * localhost while the browser used 127.0.0.1; browsers resolve a relative Location
 * against the address they actually requested.
 */
export function seeOther(path: string, init: { headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Location", path);
  headers.set("Cache-Control", "no-store");
  return new Response(null, { status: 303, headers });
}
