import Link from "next/link";
import type { ConversationSummary } from "@/lib/conversations";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
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

const COLUMNS: readonly DataTableColumn<ConversationSummary>[] = [
  {
    id: "title",
    header: "Title",
    cell: (conversation) => (
      <>
        <Link
          href={`/conversations/${conversation.id}`}
          className="block truncate rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
        >
          {conversation.title}
        </Link>
        <ConversationTags persona={conversation.persona} emotion={conversation.emotion} />
      </>
    ),
    cellClassName: "max-w-72",
  },
  {
    id: "topic",
    header: "Topic",
    cell: (conversation) => conversation.topic,
    className: "hidden md:table-cell",
    cellClassName: "max-w-64 truncate text-muted-foreground",
  },
  {
    id: "turns",
    header: "Turns",
    cell: (conversation) => formatCount(conversation.turnCount),
    className: "text-right",
    cellClassName: "tabular-nums",
  },
  { id: "status", header: "Status", cell: (conversation) => <StatusBadge status={conversation.status} /> },
  {
    id: "created",
    header: "Created",
    cell: (conversation) => <DateTime value={conversation.createdAt} />,
    className: "hidden sm:table-cell",
    cellClassName: "whitespace-nowrap text-muted-foreground tabular-nums",
  },
];

/** The leading checkbox column, when the table offers bulk actions. */
function selectColumn(selection: TableSelection): DataTableColumn<ConversationSummary> {
  return {
    id: "select",
    header: (
      <SelectCheckbox
        label="Select all conversations on this page"
        checked={selection.pageState}
        onToggle={() => selection.onToggleAll()}
        data-testid="select-all"
      />
    ),
    cell: (conversation, index) => (
      <SelectCheckbox
        label={`Select ${conversation.title}`}
        checked={selection.isSelected(conversation.id)}
        onToggle={(extend) => selection.onToggle(index, extend)}
      />
    ),
    className: "w-10",
  };
}

/** The user's conversations as a table; each title opens the transcript. */
export function ConversationTable({
  items,
  selection,
}: {
  items: readonly ConversationSummary[];
  selection?: TableSelection;
}) {
  return (
    <DataTable
      data-testid="conversation-table"
      caption="Your conversations"
      columns={selection ? [selectColumn(selection), ...COLUMNS] : COLUMNS}
      rows={items}
      rowKey={(conversation) => conversation.id}
      rowProps={(conversation) => ({
        "data-testid": "conversation-row",
        "data-state": selection?.isSelected(conversation.id) ? "selected" : undefined,
      })}
      empty="No conversations on this page."
    />
  );
}

function ConversationTags({ persona, emotion }: { persona: string | null; emotion: string | null }) {
  const tags = [persona, emotion].filter((tag): tag is string => Boolean(tag));
  if (tags.length === 0) return null;
  return <p className="mt-0.5 truncate text-xs text-muted-foreground">{tags.join(" · ")}</p>;
}
