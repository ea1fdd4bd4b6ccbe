"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { PreDeleteBackup } from "@/components/backup/pre-delete-backup";
import { ExportButton } from "@/components/export/export-button";
import { Button } from "@/components/ui/button";
import { apiClient, type APIClient } from "@/lib/api";
import type { ConversationSummary } from "@/lib/conversations/types";
import { formatCount, pluralize } from "@/lib/format";
import { ConversationTable } from "./conversation-table";
import { EMPTY_SELECTION, pageSelectionState, toggleAll, toggleRow, type SelectionState } from "./selection";

interface ConversationListProps {
  items: readonly ConversationSummary[];
  client?: APIClient;
}

/**
 * The conversations table with selection and "Delete selected". Only rows on the page being
 * shown count: after a refresh or a page change, ids no longer listed drop out of the selection.
 */
export function ConversationList({ items, client = apiClient }: ConversationListProps) {
  const router = useRouter();
  const [selection, setSelection] = React.useState<SelectionState>(EMPTY_SELECTION);
  const [deleteOpen, setDeleteOpen] = React.useState(false);
  // What the dialog acts on is fixed when it opens, whatever happens to the list meanwhile.
  const [toDelete, setToDelete] = React.useState<string[]>([]);

  const ids = React.useMemo(() => items.map((item) => item.id), [items]);
  const selectedIds = ids.filter((id) => selection.selected.has(id));
  const count = selectedIds.length;

  return (
    <div className="space-y-3">
      <div className="flex min-h-9 flex-wrap items-center justify-between gap-3">
        <p
          role="status"
          aria-live="polite"
          className="text-sm text-muted-foreground tabular-nums"
          data-testid="selection-count"
        >
          {count > 0 ? `${formatCount(count)} selected` : "Select conversations to export or delete them in bulk."}
        </p>
        <div className="flex items-center gap-2">
          {count > 0 && (
            <Button variant="ghost" size="sm" onClick={() => setSelection(EMPTY_SELECTION)}>
              Clear selection
            </Button>
          )}
          <ExportButton
            size="sm"
            // With nothing selected, the export takes every conversation, not just this page.
            selection={count > 0 ? { kind: "ids", ids: selectedIds } : { kind: "all" }}
            subject={count > 0 ? `the ${pluralize(count, "selected conversation")}` : "all your conversations"}
            label={count > 0 ? "Export selected" : "Export all"}
            client={client}
          />
          <Button
            variant="destructive"
            size="sm"
            disabled={count === 0}
            onClick={() => {
              setToDelete(selectedIds);
              setDeleteOpen(true);
            }}
          >
            <Trash2 aria-hidden="true" />
            Delete selected
          </Button>
        </div>
      </div>
      <ConversationTable
        items={items}
        selection={{
          isSelected: (id) => selection.selected.has(id),
          onToggle: (index, extend) => setSelection((state) => toggleRow(state, ids, index, extend)),
          pageState: pageSelectionState(selection, ids),
          onToggleAll: () => setSelection((state) => toggleAll(state, ids)),
        }}
      />
      <PreDeleteBackup
        open={deleteOpen}
        onOpenChange={setDeleteOpen}
        conversationIds={toDelete}
        client={client}
        onDeleted={() => {
          setSelection(EMPTY_SELECTION);
          router.refresh();
        }}
        onRestored={() => router.refresh()}
      />
    </div>
  );
}
