/**
 * The contract runner: every scenario is played twice, once against a component test's fake
 * API and once against the real route handlers on a test database, and what a client can
 * observe (status, content type, chosen headers, body shape) must be the same step by step.
 * A scenario is written once against a small interface both sides implement, so a new
 * scenario checks both.
 */
import { describe, expect, it } from "vitest";
import { shapeOf, type Shape } from "./shape";

export interface ContractSide {
  readonly name: "fake" | "real";
  /** One request as the browser's APIClient sends it (JSON body). */
  fetch(method: string, path: string, body?: unknown): Promise<Response>;
  /** Closes what the scenario left open (streams). */
  close?(): Promise<void>;
}

export interface Observation {
  step: string;
  status: number;
  contentType: string | null;
  headers?: Record<string, string | null>;
  body: Shape;
}

export interface ResponseOptions {
  /** Headers to compare besides Content-Type (a file name's stem is one run's data: only its extension counts). */
  headers?: readonly string[];
  /** A download: when it succeeds, only that it has content is compared, not what it holds. */
  file?: boolean;
}

export class Recorder {
  readonly observations: Observation[] = [];

  /** Records what a client sees of the response; returns its parsed body for the next steps. */
  async response<T = unknown>(step: string, response: Response, options: ResponseOptions = {}): Promise<T> {
    const text = await response.text();
    const contentType = response.headers.get("content-type");
    // A refused download answers the error shape like any route.
    const file = options.file === true && response.ok;
    const parsed: unknown = file || text === "" ? null : contentType?.includes("json") ? JSON.parse(text) : text;
    const observation: Observation = {
      step,
      status: response.status,
      contentType,
      body: file ? (text.length > 0 ? "<file>" : "<empty file>") : shapeOf(parsed),
    };
    if (options.headers) {
      observation.headers = Object.fromEntries(
        options.headers.map((name) => [name, normalizeHeader(response.headers.get(name))]),
      );
    }
    this.observations.push(observation);
    return parsed as T;
  }

  /** Records a value that is not a response of its own (a stream message). */
  value(step: string, value: unknown): void {
    this.observations.push({ step, status: 0, contentType: null, body: shapeOf(value) });
  }
}

function normalizeHeader(value: string | null): string | null {
  return value?.replace(/filename="[^"]*?(\.[a-z]+)?"/, 'filename="*$1"') ?? null;
}

export interface Scenario<S extends ContractSide> {
  name: string;
  run(side: S, record: Recorder): Promise<void>;
}

export interface Sides<S extends ContractSide> {
  fake: () => S | Promise<S>;
  real: () => S | Promise<S>;
}

async function play<S extends ContractSide>(scenario: Scenario<S>, side: S): Promise<Observation[]> {
  const record = new Recorder();
  try {
    await scenario.run(side, record);
  } catch (error) {
    // Say which side broke an assertion inside the scenario.
    if (error instanceof Error) error.message = `[${side.name} side] ${error.message}`;
    throw error;
  } finally {
    await side.close?.();
  }
  return record.observations;
}

/** One test per scenario: real first (the reference), then the fake, then the comparison. */
export function contractSuite<S extends ContractSide>(
  title: string,
  sides: Sides<S>,
  scenarios: readonly Scenario<S>[],
): void {
  describe(title, () => {
    it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))("%s", async (_name, scenario) => {
      const real = await play(scenario, await sides.real());
      const fake = await play(scenario, await sides.fake());
      expect(fake, `the fake answers "${scenario.name}" unlike the real routes`).toEqual(real);
    });
  });
}
