/** A batch's name as shown; an unnamed batch is "Untitled batch". Plain module: server pages call it too. */
export function batchLabel(batch: { name: string }): string {
  return batch.name.trim() === "" ? "Untitled batch" : batch.name;
}
