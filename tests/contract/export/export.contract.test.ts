/**
 * tests/components/export/fake-export-api.ts against the real export routes: the pre-flight
 * report, the export it prepares and the download's headers, the same on both (see
 * tests/contract/support/contract.ts). The data sets are small and given to both sides alike.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { CreatedExport, ExportOptions, ExportSelection } from "@/lib/export/types";
import { contractSuite, type Recorder, type Scenario } from "../support/contract";
import { setUpRealServer } from "../support/real-server";
import { FakeExportSide, RealExportSide, type ExportSide } from "./sides";

const server = setUpRealServer();

const ALL: ExportSelection = { kind: "all" };

function preview(side: ExportSide, record: Recorder, step: string, selection: ExportSelection, options: ExportOptions) {
  return side
    .fetch("POST", "/api/exports/preview", { selection, options })
    .then((response) => record.response(step, response));
}

/** Prepares the export, checks its link, and downloads it. */
async function exportAndDownload(
  side: ExportSide,
  record: Recorder,
  selection: ExportSelection,
  options: ExportOptions,
): Promise<void> {
  const created = await record.response<CreatedExport>(
    "export",
    await side.fetch("POST", "/api/exports", { selection, options }),
  );
  expect(created.downloadUrl).toBe(`/api/exports/${created.exportId}/download`);
  expect(created.fileName).toMatch(options.validationPercent ? /\.zip$/ : /\.jsonl$/);
  await record.response("download", await side.fetch("GET", created.downloadUrl), {
    headers: ["content-disposition"],
    file: true,
  });
}

const scenarios: Scenario<ExportSide>[] = [
  {
    name: "the pre-flight report of every conversation, then the export and its download",
    async run(side, record) {
      await side.seed([{ pairs: 1 }, { pairs: 1 }, { pairs: 2 }]);
      await preview(side, record, "preview", ALL, { format: "messages" });
      await exportAndDownload(side, record, ALL, { format: "messages" });
    },
  },
  {
    name: "a validation split: the report counts each file, the download is a zip",
    async run(side, record) {
      await side.seed([{ pairs: 1 }, { pairs: 1 }, { pairs: 1 }, { pairs: 1 }]);
      await preview(side, record, "preview", ALL, { format: "messages", validationPercent: 25 });
      await exportAndDownload(side, record, ALL, { format: "sharegpt", validationPercent: 25 });
    },
  },
  {
    name: "alpaca names the multi-turn conversations it leaves out",
    async run(side, record) {
      await side.seed([{ pairs: 1 }, { pairs: 1 }, { pairs: 3 }]);
      await preview(side, record, "preview", ALL, { format: "alpaca" });
    },
  },
  {
    name: "an empty turn is reported, and left out with excludeProblems",
    async run(side, record) {
      await side.seed([{ pairs: 1 }, { pairs: 2, emptyTurn: true }, { pairs: 1 }]);
      await preview(side, record, "preview", ALL, { format: "messages" });
      await preview(side, record, "preview excluding problems", ALL, { format: "messages", excludeProblems: true });
    },
  },
  {
    name: "a selection of ids; an id that is not the user's is a 404",
    async run(side, record) {
      const ids = await side.seed([{ pairs: 1 }, { pairs: 1 }, { pairs: 1 }]);
      await preview(side, record, "preview of two", { kind: "ids", ids: ids.slice(0, 2) }, { format: "messages" });
      const foreign: ExportSelection = { kind: "ids", ids: [ids[0] ?? "", randomUUID()] };
      await preview(side, record, "preview with an unknown id", foreign, { format: "messages" });
      await record.response(
        "export with an unknown id",
        await side.fetch("POST", "/api/exports", { selection: foreign, options: { format: "messages" } }),
      );
    },
  },
];

contractSuite<ExportSide>(
  "the export fake keeps the export routes' contract",
  { fake: () => new FakeExportSide(), real: () => RealExportSide.create(server.db()) },
  scenarios,
);
