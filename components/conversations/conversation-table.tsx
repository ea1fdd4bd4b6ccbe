import Link from "next/link";
import type { ConversationSummary } from "@/lib/conversations";
import { DateTime } from "@/components/ui/date-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { SelectCheckbox } from "./select-checkbox";
import { StatusBadge } from "./status-badge";

/** Checkboxes for bulk actions; without it the table is read-only. */
export interface TableSelection {
  isSelected: (id: string) => boolean;
  /** Row `index` toggled; `extend` (Shift) selects the range from the last row toggled. */
  onToggle: (index: number, extend: boolean) => void;
  pageState: boolean | "indeterminate";
  onToggleAll: () => void;
}

/** The user's conversations as a table; each title opens the transcript. */
export function ConversationTable({ items, selection }: { items: readonly ConversationSummary[]; selection?: TableSelection }) {
  return (
    <div className="rounded-lg border bg-card">
      <Table data-testid="conversation-table">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {selection && (
              <TableHead scope="col" className="w-10">
                <SelectCheckbox
                  label="Select all conversations on this page"
                  checked={selection.pageState}
                  onToggle={() => selection.onToggleAll()}
                  data-testid="select-all"
                />
              </TableHead>
            )}
            <TableHead scope="col">Title</TableHead>
            <TableHead scope="col" className="hidden md:table-cell">
              Topic
            </TableHead>
            <TableHead scope="col" className="text-right">
              Turns
            </TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col" className="hidden sm:table-cell">
              Created
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((conversation, index) => (
            <TableRow
              key={conversation.id}
              data-testid="conversation-row"
              data-state={selection?.isSelected(conversation.id) ? "selected" : undefined}
            >
              {selection && (
                <TableCell className="w-10">
                  <SelectCheckbox
                    label={`Select ${conversation.title}`}
                    checked={selection.isSelected(conversation.id)}
                    onToggle={(extend) => selection.onToggle(index, extend)}
                  />
                </TableCell>
              )}
              <TableCell className="max-w-72">
                <Link
                  href={`/conversations/${conversation.id}`}
                  className="block truncate rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {conversation.title}
                </Link>
                <ConversationTags persona={conversation.persona} emotion={conversation.emotion} />
              </TableCell>
              <TableCell className="hidden max-w-64 truncate text-muted-foreground md:table-cell">
                {conversation.topic}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(conversation.turnCount)}</TableCell>
              <TableCell>
                <StatusBadge status={conversation.status} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground tabular-nums sm:table-cell">
                <DateTime value={conversation.createdAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ConversationTags({ persona, emotion }: { persona: string | null; emotion: string | null }) {
  const tags = [persona, emotion].filter((tag): tag is string => Boolean(tag));
  if (tags.length === 0) return null;
  return <p className="mt-0.5 truncate text-xs text-muted-foreground">{tags.join(" · ")}</p>;
}
