/*
 * Headers every response carries (next.config.ts `headers()` for every path, and the
 * proxy's own refusals). Plain data with no imports: next.config.ts loads this file.
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  // No other site may frame the app (clickjacking a bulk delete); the CSP form is the
  // standard, X-Frame-Options the same rule for older browsers.
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  // Never let a browser guess a download (a backup JSON) into HTML or script.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Other sites learn our origin at most, never a path with an id in it.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
