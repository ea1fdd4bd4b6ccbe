import { splitMatches } from "./error-details-data";

/** `text` with every plain-text occurrence of `query` wrapped in <mark>. */
export function HighlightedText({ text, query }: { text: string; query: string }) {
  const parts = splitMatches(text, query.trim());
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-warning/40 text-foreground">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
