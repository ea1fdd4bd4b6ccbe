import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";

interface Fruit {
  id: string;
  name: string;
  count: number;
}

const COLUMNS: readonly DataTableColumn<Fruit>[] = [
  { id: "name", header: "Name", cell: (fruit) => fruit.name },
  {
    id: "count",
    header: "Count",
    cell: (fruit, index) => `${fruit.count} (#${index + 1})`,
    className: "text-right",
    cellClassName: "tabular-nums",
  },
];

const FRUITS: Fruit[] = [
  { id: "a", name: "Apple", count: 3 },
  { id: "b", name: "Pear", count: 5 },
];

describe("DataTable", () => {
  it("is a table named by its caption, with column headers and one row per item in order", () => {
    render(
      <DataTable
        caption="Fruit in stock"
        columns={COLUMNS}
        rows={FRUITS}
        rowKey={(fruit) => fruit.id}
        empty="No fruit."
      />,
    );
    const table = screen.getByRole("table", { name: "Fruit in stock" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((header) => header.textContent),
    ).toEqual(["Name", "Count"]);
    for (const header of within(table).getAllByRole("columnheader")) expect(header).toHaveAttribute("scope", "col");
    const [, ...rows] = within(table).getAllByRole("row");
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole("cell")
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ["Apple", "3 (#1)"],
      ["Pear", "5 (#2)"],
    ]);
  });

  it("puts a column's class on its header and cells, and cellClassName on the cells only", () => {
    render(
      <DataTable caption="Fruit" columns={COLUMNS} rows={FRUITS} rowKey={(fruit) => fruit.id} empty="No fruit." />,
    );
    expect(screen.getByRole("columnheader", { name: "Count" })).toHaveClass("text-right");
    expect(screen.getByRole("columnheader", { name: "Count" })).not.toHaveClass("tabular-nums");
    expect(screen.getByRole("cell", { name: "3 (#1)" })).toHaveClass("text-right", "tabular-nums");
  });

  it("gives each row the attributes rowProps returns", () => {
    render(
      <DataTable
        caption="Fruit"
        columns={COLUMNS}
        rows={FRUITS}
        rowKey={(fruit) => fruit.id}
        rowProps={(fruit) => ({ "data-testid": "fruit-row", "data-state": fruit.id === "b" ? "selected" : undefined })}
        empty="No fruit."
      />,
    );
    const rows = screen.getAllByTestId("fruit-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).not.toHaveAttribute("data-state");
    expect(rows[1]).toHaveAttribute("data-state", "selected");
  });

  it("without rows, says so in one cell spanning every column", () => {
    render(<DataTable caption="Fruit" columns={COLUMNS} rows={[]} rowKey={(fruit) => fruit.id} empty="No fruit." />);
    const cell = screen.getByRole("cell", { name: "No fruit." });
    expect(cell).toHaveAttribute("colspan", "2");
    expect(screen.getAllByRole("row")).toHaveLength(2);
  });
});
