/** The console destination: each entry at once, at its level (the server's own log; devtools in the browser). */
import type { LogDestination, LogEntry } from "./logger";

/** Writes each entry to the console at its level. */
export class ConsoleDestination implements LogDestination {
  readonly name = "console";
  readonly immediate = true;

  write(entries: LogEntry[]): void {
    for (const entry of entries) {
      const method =
        entry.level === "debug"
          ? console.debug
          : entry.level === "info"
            ? console.info
            : entry.level === "warn"
              ? console.warn
              : console.error;
      const label = [`[${entry.level}]`, entry.code, entry.errorId ? `(${entry.errorId})` : undefined, entry.message]
        .filter(Boolean)
        .join(" ");
      // The stack as text (readable in a terminal), the context as an object (expandable in devtools).
      const text = entry.stack ? `${label}\n${entry.stack}` : label;
      if (entry.context) method(text, entry.context);
      else method(text);
    }
  }
}
