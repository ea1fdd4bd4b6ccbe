/**
 * tests/components/batch/fake-batch-api.ts against the real batch routes: the same requests
 * and the same worker steps on both, the same answers (see tests/contract/support/contract.ts).
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { BatchDetails, BatchJobStatus, CreateBatchResult } from "@/lib/batch/types";
import { contractSuite, type Recorder, type Scenario } from "../support/contract";
import { setUpRealServer } from "../support/real-server";
import { FakeBatchSide, RealBatchSide, type BatchSide, type EventReader, type StreamMessage } from "./sides";

const server = setUpRealServer();

function topics(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    topic: `Contract topic ${index + 1}`,
    parameters: { turns: 2 },
  }));
}

async function create(side: BatchSide, record: Recorder, count: number): Promise<string> {
  const created = await record.response<CreateBatchResult>(
    "create",
    await side.fetch("POST", "/api/batches", { name: "Contract", items: topics(count) }),
  );
  return created.jobId;
}

async function read(side: BatchSide, record: Recorder, step: string, jobId: string): Promise<BatchDetails> {
  return record.response<BatchDetails>(step, await side.fetch("GET", `/api/batches/${jobId}`));
}

/** Reads the stream up to the first message that satisfies `wanted` (the real stream may send a state in between). */
async function nextMatching(events: EventReader, wanted: (message: StreamMessage) => boolean): Promise<StreamMessage> {
  for (;;) {
    const message = await events.next();
    if (wanted(message)) return message;
  }
}

const progressOf = (message: StreamMessage) => (message.data as BatchDetails).progress;
const statusOf = (message: StreamMessage) => (message.data as BatchDetails).job.status;

const control = (side: BatchSide, jobId: string, action: "pause" | "resume" | "cancel" | "retry") =>
  side.fetch("POST", `/api/batches/${jobId}/${action}`);

const scenarios: Scenario<BatchSide>[] = [
  {
    name: "a batch is created queued, then runs item by item to completed",
    async run(side, record) {
      const jobId = await create(side, record, 3);
      expect((await read(side, record, "queued", jobId)).job.status).toBe("pending");
      await side.work(jobId, { start: 1 });
      await read(side, record, "one item running", jobId);
      await side.work(jobId, { complete: 2 });
      await read(side, record, "two completed", jobId);
      await side.work(jobId, { complete: 1 });
      expect((await read(side, record, "completed", jobId)).job.status).toBe("completed");
    },
  },
  {
    name: "pause, pause again, resume, cancel; a cancelled batch refuses pause, resume and retry (410), not a second cancel",
    async run(side, record) {
      const jobId = await create(side, record, 2);
      await record.response("pause", await control(side, jobId, "pause"));
      await record.response("pause again", await control(side, jobId, "pause"));
      await read(side, record, "paused", jobId);
      await record.response("resume", await control(side, jobId, "resume"));
      await record.response("cancel", await control(side, jobId, "cancel"));
      for (const action of ["pause", "resume", "cancel", "retry"] as const) {
        await record.response(`${action} once cancelled`, await control(side, jobId, action));
      }
      await read(side, record, "cancelled", jobId);
    },
  },
  {
    name: "a finished batch refuses pause, resume and cancel (409); retry reopens its failed items",
    async run(side, record) {
      const jobId = await create(side, record, 3);
      await side.work(jobId, { complete: 2, fail: 1 });
      const finished = await read(side, record, "completed with failures", jobId);
      expect(finished.job.status).toBe<BatchJobStatus>("completed_with_errors");
      for (const action of ["pause", "resume", "cancel"] as const) {
        await record.response(`${action} once finished`, await control(side, jobId, action));
      }
      await record.response("retry", await control(side, jobId, "retry"));
      await read(side, record, "reopened", jobId);
      await side.work(jobId, { complete: 1 });
      await read(side, record, "completed after the retry", jobId);
      await record.response("retry with nothing failed", await control(side, jobId, "retry"));
    },
  },
  {
    name: "a paused batch is offered for resume, with its checkpoint; new settings; discard",
    async run(side, record) {
      const jobId = await create(side, record, 2);
      await side.work(jobId, { complete: 1 });
      await record.response("pause", await control(side, jobId, "pause"));
      await record.response("checkpoints", await side.fetch("GET", "/api/checkpoints"));
      await record.response("checkpoint", await side.fetch("GET", `/api/batches/${jobId}/checkpoint`));
      await record.response(
        "new settings",
        await side.fetch("PATCH", `/api/batches/${jobId}`, { config: { provider: "offline", temperature: 0.9 } }),
      );
      await record.response("discard", await side.fetch("DELETE", `/api/batches/${jobId}/checkpoint`));
      await record.response("checkpoints after discard", await side.fetch("GET", "/api/checkpoints"));
      expect((await read(side, record, "discarded", jobId)).job.status).toBe("cancelled");
    },
  },
  {
    name: "items failed past the retry cap are offered for retry, while open and once finished",
    async run(side, record) {
      const jobId = await create(side, record, 3);
      await side.work(jobId, { complete: 1, fail: 1 });
      await record.response("checkpoints while open", await side.fetch("GET", "/api/checkpoints"));
      await record.response("checkpoint while open", await side.fetch("GET", `/api/batches/${jobId}/checkpoint`));
      await side.work(jobId, { complete: 1 });
      await record.response("checkpoints once finished", await side.fetch("GET", "/api/checkpoints"));
      await record.response("checkpoint once finished", await side.fetch("GET", `/api/batches/${jobId}/checkpoint`));
    },
  },
  {
    name: "a batch created with settings keeps them; new settings are recorded once per change",
    async run(side, record) {
      const config = { provider: "offline", temperature: 0.4, model: "claude-sonnet-4-5" };
      const created = await record.response<CreateBatchResult>(
        "create with settings",
        await side.fetch("POST", "/api/batches", { name: "Configured", items: topics(2), config }),
      );
      await read(side, record, "created", created.jobId);
      const changed = { provider: "offline", temperature: 0.9 };
      await record.response(
        "new settings",
        await side.fetch("PATCH", `/api/batches/${created.jobId}`, { config: changed }),
      );
      await record.response(
        "the same settings again",
        await side.fetch("PATCH", `/api/batches/${created.jobId}`, { config: changed }),
      );
    },
  },
  {
    name: "settings cannot change once finished (409) or discarded (410)",
    async run(side, record) {
      const finished = await create(side, record, 1);
      await side.work(finished, { complete: 1 });
      await record.response(
        "new settings once finished",
        await side.fetch("PATCH", `/api/batches/${finished}`, { config: {} }),
      );
      const discarded = await create(side, record, 1);
      await record.response("discard", await side.fetch("DELETE", `/api/batches/${discarded}/checkpoint`));
      await record.response(
        "new settings once discarded",
        await side.fetch("PATCH", `/api/batches/${discarded}`, { config: {} }),
      );
    },
  },
  {
    name: "a batch that does not exist is a 404 on every route",
    async run(side, record) {
      const jobId = randomUUID();
      await record.response("read", await side.fetch("GET", `/api/batches/${jobId}`));
      for (const action of ["pause", "resume", "cancel", "retry"] as const) {
        await record.response(action, await control(side, jobId, action));
      }
      await record.response("checkpoint", await side.fetch("GET", `/api/batches/${jobId}/checkpoint`));
      await record.response(
        "new settings",
        await side.fetch("PATCH", `/api/batches/${jobId}`, { config: { provider: "offline" } }),
      );
      await record.response("discard", await side.fetch("DELETE", `/api/batches/${jobId}/checkpoint`));
    },
  },
  {
    name: "the event stream sends the whole batch, then what changed, then end once final",
    async run(side, record) {
      const jobId = await create(side, record, 2);
      const events = await side.events(jobId);
      const first = await events.next();
      record.value(`first ${first.event}`, first.data);
      await side.work(jobId, { complete: 1 });
      const change = await nextMatching(
        events,
        (message) => message.event === "batch" && progressOf(message).completedItems === 1,
      );
      record.value(`change ${change.event}`, change.data);
      await side.work(jobId, { complete: 1 });
      const last = await nextMatching(
        events,
        (message) => message.event === "batch" && statusOf(message) === "completed",
      );
      record.value(`last ${last.event}`, last.data);
      const end = await events.next();
      record.value(`then ${end.event}`, end.data);
    },
  },
  {
    name: "the event stream ends when the batch is cancelled",
    async run(side, record) {
      const jobId = await create(side, record, 2);
      const events = await side.events(jobId);
      const first = await events.next();
      record.value(`first ${first.event}`, first.data);
      await record.response("cancel", await control(side, jobId, "cancel"));
      const last = await nextMatching(
        events,
        (message) => message.event === "batch" && statusOf(message) === "cancelled",
      );
      record.value(`last ${last.event}`, last.data);
      const end = await events.next();
      record.value(`then ${end.event}`, end.data);
    },
  },
];

contractSuite<BatchSide>(
  "the batch fake keeps the batch routes' contract",
  { fake: () => new FakeBatchSide(), real: () => RealBatchSide.create(server.db()) },
  scenarios,
);
