import * as React from "react";
import { cn } from "@/lib/utils";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "./table";

/** One column: its header and how a row fills its cell. */
export interface DataTableColumn<Row> {
  /** Unique within the table; the cell's React key. */
  id: string;
  header: React.ReactNode;
  cell: (row: Row, index: number) => React.ReactNode;
  /** On both the header and the cells (alignment, responsive hiding, width). */
  className?: string;
  /** On the cells only (truncation, muted text, tabular numbers). */
  cellClassName?: string;
}

/** What a row's <tr> carries besides its cells: test ids, data-state="selected". */
export type DataTableRowProps = Omit<React.ComponentProps<"tr">, "children"> & {
  [attribute: `data-${string}`]: string | undefined;
};

export interface DataTableProps<Row> {
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row, index: number) => DataTableRowProps;
  /** Names the table for screen readers (role=table's accessible name); not shown. */
  caption: string;
  /** Shown in one full-width row when there are no rows, so the table never has an empty body. */
  empty: React.ReactNode;
  "data-testid"?: string;
}

/**
 * The app's list tables (backups, batches, conversations) from one column definition: a
 * bordered card around a <table> with a caption, column headers (scope=col) and one row per item.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  caption,
  empty,
  "data-testid": testId,
}: DataTableProps<Row>) {
  return (
    <div className="rounded-lg border bg-card">
      <Table data-testid={testId}>
        <TableCaption className="sr-only">{caption}</TableCaption>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {columns.map((column) => (
              <TableHead key={column.id} scope="col" className={column.className}>
                {column.header}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columns.length} className="py-8 text-center text-muted-foreground">
                {empty}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row, index) => (
              <TableRow key={rowKey(row)} {...rowProps?.(row, index)}>
                {columns.map((column) => (
                  <TableCell key={column.id} className={cn(column.className, column.cellClassName)}>
                    {column.cell(row, index)}
                  </TableCell>
                ))}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
