import { requestUrl } from "../support/fake-http";
import type { FakeBackupApi } from "./fake-backup-api";

/**
 * Cuts the fake server off for the requests matching `path`: each one fails as `fetch` does
 * when the connection drops (TypeError "Failed to fetch"), until `reconnect()`. Cutting
 * rather than failing a set number of requests keeps the test true whatever the client's
 * own retries (a restore is retried by the client before the user sees anything).
 */
export function cutNetwork(api: FakeBackupApi, path: RegExp): { reconnect: () => void; failures: () => number } {
  let connected = false;
  let failures = 0;
  api.on((request) => {
    if (connected || !path.test(request.path)) return undefined;
    failures += 1;
    throw new TypeError("Failed to fetch");
  });
  return {
    reconnect: () => {
      connected = true;
    },
    failures: () => failures,
  };
}

/**
 * The server does the work of each request matching `path`, then the answer is lost on the
 * way back (the connection drops after the commit), until `reconnect()`.
 */
export function loseAnswers(api: FakeBackupApi, path: RegExp): { reconnect: () => void } {
  const deliver = api.fetch;
  let connected = false;
  api.fetch = async (input, init) => {
    const response = await deliver(input, init);
    if (!connected && path.test(requestUrl(input).pathname)) throw new TypeError("Failed to fetch");
    return response;
  };
  return {
    reconnect: () => {
      connected = true;
    },
  };
}
