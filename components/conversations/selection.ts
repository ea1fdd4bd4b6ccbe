/**
 * Row selection as plain data, so the rules (Shift extends from the last row touched, a range
 * takes the clicked row's new state) are tested without a browser.
 */
export interface SelectionState {
  selected: ReadonlySet<string>;
  /** Index of the last row toggled: where a Shift range starts. */
  anchor: number | null;
}

export const EMPTY_SELECTION: SelectionState = { selected: new Set(), anchor: null };

/** Toggle row `index`; with `extend` (Shift), every row from the anchor to it takes its new state. */
export function toggleRow(
  state: SelectionState,
  ids: readonly string[],
  index: number,
  extend: boolean,
): SelectionState {
  const id = ids[index];
  if (id === undefined) return state;
  const select = !state.selected.has(id);
  const next = new Set(state.selected);
  const anchor = state.anchor !== null && state.anchor < ids.length ? state.anchor : null;
  const [from, to] = extend && anchor !== null ? [Math.min(anchor, index), Math.max(anchor, index)] : [index, index];
  for (let i = from; i <= to; i += 1) {
    const rowId = ids[i];
    if (rowId === undefined) continue;
    if (select) next.add(rowId);
    else next.delete(rowId);
  }
  return { selected: next, anchor: index };
}

/** "Select all on this page": selects every row unless all are already selected, then clears them. */
export function toggleAll(state: SelectionState, ids: readonly string[]): SelectionState {
  const next = new Set(state.selected);
  const allSelected = ids.length > 0 && ids.every((id) => state.selected.has(id));
  for (const id of ids) {
    if (allSelected) next.delete(id);
    else next.add(id);
  }
  return { selected: next, anchor: null };
}

/** The header checkbox's state for the rows on the page. */
export function pageSelectionState(state: SelectionState, ids: readonly string[]): boolean | "indeterminate" {
  const count = ids.filter((id) => state.selected.has(id)).length;
  if (count === 0) return false;
  return count === ids.length ? true : "indeterminate";
}
