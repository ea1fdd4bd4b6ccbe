import { Bot, User } from "lucide-react";
import type { ConversationWithTurns } from "@/lib/conversations";
import { cn } from "@/lib/utils";

type Turn = ConversationWithTurns["turns"][number];

const ROLE_LABEL: Record<Turn["role"], string> = { user: "User", assistant: "Assistant" };

/**
 * The conversation as a chat transcript. User and assistant differ by side, colour, icon and
 * a visible role label, so the distinction survives without colour and in a screen reader.
 */
export function Transcript({ turns }: { turns: readonly Turn[] }) {
  return (
    <ol aria-label="Transcript" className="flex flex-col gap-4" data-testid="transcript">
      {turns.map((turn) => {
        const isUser = turn.role === "user";
        const Icon = isUser ? User : Bot;
        return (
          <li
            key={turn.id}
            data-role={turn.role}
            data-testid="transcript-turn"
            className={cn("flex gap-3", isUser ? "flex-row-reverse" : "flex-row")}
          >
            <div
              aria-hidden="true"
              className={cn(
                "mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full border",
                isUser ? "bg-primary text-primary-foreground" : "bg-muted text-foreground",
              )}
            >
              <Icon className="size-4" />
            </div>
            <div className={cn("flex max-w-[85%] flex-col gap-1 sm:max-w-[75%]", isUser ? "items-end" : "items-start")}>
              <span className="text-xs font-medium text-muted-foreground">{ROLE_LABEL[turn.role]}</span>
              <div
                className={cn(
                  "whitespace-pre-wrap break-words rounded-lg border px-4 py-2.5 text-sm leading-relaxed",
                  isUser ? "border-primary/30 bg-primary/10" : "bg-card",
                )}
              >
                {turn.content}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
