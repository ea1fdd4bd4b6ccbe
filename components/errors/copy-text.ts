/**
 * Copies text with the Clipboard API, and where the browser refuses it (insecure origin,
 * permission denied, old browser) with a hidden textarea and execCommand("copy").
 * Returns false when both fail; the caller then shows the text for manual copying.
 */
export async function copyText(value: string): Promise<boolean> {
  try {
    if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Refused: fall through to the textarea.
  }
  return copyWithTextarea(value);
}

function copyWithTextarea(value: string): boolean {
  if (typeof document === "undefined" || typeof document.execCommand !== "function") return false;
  const textarea = document.createElement("textarea");
  textarea.value = value;
  textarea.setAttribute("readonly", "");
  textarea.setAttribute("aria-hidden", "true");
  // Off-screen rather than display:none, which cannot be selected.
  textarea.style.position = "fixed";
  textarea.style.top = "-1000px";
  textarea.style.opacity = "0";
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Inside an open modal dialog the focus trap would pull focus back from a textarea on <body>.
  const container = previousFocus?.closest("[role='dialog']") ?? document.body;
  container.appendChild(textarea);
  try {
    textarea.focus();
    textarea.select();
    // Deprecated, but it is the only synchronous copy left where the Clipboard API is refused.
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    textarea.remove();
    previousFocus?.focus();
  }
}
