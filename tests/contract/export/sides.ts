/**
 * The two sides of the export contract: FakeExportApi over a data set the scenario gives it,
 * and the export route handlers on the test database seeded with the same conversations.
 */
import { randomUUID } from "node:crypto";
import { GET as downloadRoute } from "@/app/api/exports/[exportId]/download/route";
import { POST as previewRoute } from "@/app/api/exports/preview/route";
import { POST as createRoute } from "@/app/api/exports/route";
import type { Database } from "@/lib/db/types";
import { FakeExportApi } from "@/tests/components/export/fake-export-api";
import { cleanTurns, seedExportConversation } from "@/tests/integration/export/support";
import type { ContractSide } from "../support/contract";
import { newUser, routeFetch, type RealUser, type Route } from "../support/real-server";

/** One conversation of a data set: user/assistant pairs, optionally with an empty turn (a problem the pre-flight check reports). */
export interface SeedConversation {
  pairs: number;
  emptyTurn?: boolean;
}

export interface ExportSide extends ContractSide {
  /** The signed-in user's conversations; their ids, in order. */
  seed(conversations: readonly SeedConversation[]): Promise<string[]>;
}

export class FakeExportSide implements ExportSide {
  readonly name = "fake";
  readonly api = new FakeExportApi([]);

  fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined)
      Object.assign(init, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    return this.api.fetch(path, init);
  }

  async seed(conversations: readonly SeedConversation[]): Promise<string[]> {
    return conversations.map(({ pairs, emptyTurn }, index) => {
      const id = randomUUID();
      this.api.conversations.push({
        id,
        title: `Conversation ${index + 1}`,
        turns: pairs * 2,
        problem: emptyTurn ? { kind: "empty_turn", message: "Turn 2 is empty." } : undefined,
      });
      return id;
    });
  }
}

const ROUTES: readonly Route[] = [
  { method: "POST", path: /^\/api\/exports\/preview$/, handler: previewRoute },
  { method: "POST", path: /^\/api\/exports$/, handler: createRoute },
  { method: "GET", path: /^\/api\/exports\/(?<exportId>[^/]+)\/download$/, handler: downloadRoute },
];

export class RealExportSide implements ExportSide {
  readonly name = "real";
  readonly fetch: ContractSide["fetch"];

  private constructor(
    private readonly db: Database,
    private readonly user: RealUser,
  ) {
    this.fetch = routeFetch(ROUTES, user);
  }

  static async create(db: Database): Promise<RealExportSide> {
    return new RealExportSide(db, await newUser());
  }

  async seed(conversations: readonly SeedConversation[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [index, { pairs, emptyTurn }] of conversations.entries()) {
      const turns = cleanTurns(pairs);
      if (emptyTurn) turns[1] = { role: "assistant", content: "" };
      ids.push(await seedExportConversation(this.db, this.user.id, turns, { title: `Conversation ${index + 1}` }));
    }
    return ids;
  }
}
