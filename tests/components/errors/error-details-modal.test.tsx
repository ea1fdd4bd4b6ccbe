import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationManager } from "@/components/notifications/notification-manager";
import { Toaster } from "@/components/notifications/toaster";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";
import { closeErrorDetails, openErrorDetails } from "@/components/errors/error-details-store";
import { APIError, AppError, ErrorCode, GenerationError } from "@/lib/errors";
import { clientEnv } from "@/lib/client-env";

afterEach(() => {
  act(() => {
    closeErrorDetails();
    // Also clears the de-duplication window, so each test gets its own toast.
    notificationManager.dismissAll();
  });
  vi.restoreAllMocks();
  // Drop the per-test overrides so jsdom's own (prototype) versions show through again.
  Reflect.deleteProperty(document, "execCommand");
});

const ANTHROPIC_KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
const PASSWORD = "hunter2-correct-horse";
const BEARER = "Bearer abcdefghijklmnop.qrstuvwxyz0123456789";

const APP_STACK = [
  "GenerationError: The provider failed",
  "    at generateItem (webpack-internal:///(app-pages-browser)/./lib/generation/run-batch.ts:42:11)",
  "    at processQueue (webpack-internal:///(app-pages-browser)/./lib/batch/queue.ts:88:5)",
  "    at Object.callback (webpack-internal:///(app-pages-browser)/./node_modules/react-dom/cjs/react-dom-client.development.js:1200:22)",
  "    at scheduler (http://localhost:3000/_next/static/chunks/node_modules_next_dist_compiled_scheduler.js:10:3)",
].join("\n");

function generationError(): GenerationError {
  const error = new GenerationError(ErrorCode.GEN_PROVIDER_ERROR, "The provider failed", {
    timestamp: "2026-01-02T03:04:05.000Z",
    context: { model: "claude-test", apiKey: ANTHROPIC_KEY, attempt: 2, note: "retry (x2) at queue.ts" },
  });
  error.stack = APP_STACK;
  return error;
}

async function openWithOpener(error: unknown, extra?: Parameters<typeof openErrorDetails>[1]) {
  const user = userEvent.setup();
  render(
    <>
      <button type="button" onClick={() => openErrorDetails(error, extra)}>
        Open details
      </button>
      <ErrorDetailsHost />
      <Toaster />
    </>,
  );
  const opener = screen.getByRole("button", { name: "Open details" });
  await user.click(opener);
  const dialog = await screen.findByRole("dialog", { name: "Error details" });
  return { user, opener, dialog };
}

describe("ErrorDetailsModal", () => {
  it("shows the Summary in plain words, and the Technical details on their tab", async () => {
    const error = generationError();
    const { user, dialog } = await openWithOpener(error, { batchId: "batch-1", itemId: "item-7" });

    expect(within(dialog).getByRole("tab", { name: "Summary" })).toHaveAttribute("aria-selected", "true");
    expect(within(dialog).getByText(error.errorId)).toBeInTheDocument();
    expect(within(dialog).getByText("Generation failure")).toBeInTheDocument();
    expect(within(dialog).getByText(/Yes: trying again can work|No: trying the same thing/)).toBeInTheDocument();
    expect(within(dialog).getByText("batch-1")).toBeInTheDocument();
    expect(within(dialog).getByText("item-7")).toBeInTheDocument();
    // The provider's raw text is a technical detail, not the summary.
    expect(within(dialog).queryByText("The provider failed")).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const technical = within(dialog).getByRole("tabpanel");
    expect(within(technical).getByText(ErrorCode.GEN_PROVIDER_ERROR)).toBeInTheDocument();
    expect(within(technical).getByText("GenerationError")).toBeInTheDocument();
    expect(within(technical).getByText("The provider failed")).toBeInTheDocument();
    expect(within(technical).getByLabelText("Stack trace")).toHaveTextContent("generateItem");
    expect(within(technical).getByLabelText("Context")).toHaveTextContent("claude-test");
  });

  it("dates the error when it happened, not when the modal opened", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const time = dialog.querySelector("time");
    expect(time).toHaveAttribute("dateTime", "2026-01-02T03:04:05.000Z");
    expect(within(dialog).getByText("(2026-01-02T03:04:05.000Z)")).toBeInTheDocument();
  });

  it("shows a request and response the caller passed (method and path, then the bodies)", async () => {
    const error = new APIError(ErrorCode.API_SERVER_ERROR, "Upstream failed", { status: 502 });
    const { user, dialog } = await openWithOpener(error, {
      request: { method: "POST", url: "/api/batches", body: { name: "Batch A" } },
      response: { status: 502, body: { error: { code: "ERR_API_SERVER_ERROR" } } },
    });
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const request = within(dialog).getByLabelText("Request");
    expect(request).toHaveTextContent("POST /api/batches");
    expect(request).toHaveTextContent('"name": "Batch A"');
    const response = within(dialog).getByLabelText("Response");
    expect(response).toHaveTextContent("HTTP 502");
    expect(response).toHaveTextContent('"code": "ERR_API_SERVER_ERROR"');
  });

  it("never puts a secret in the DOM, and says how many values were hidden", async () => {
    const error = new APIError(ErrorCode.API_SERVER_ERROR, `Upstream said ${BEARER}`, {
      status: 500,
      context: { apiKey: ANTHROPIC_KEY, user: "ada" },
    });
    error.stack = `APIError: Upstream said ${BEARER}\n    at call (webpack-internal:///./lib/api/client.ts:1:1)`;
    const { user, dialog } = await openWithOpener(error, {
      request: { method: "POST", url: "/api/login", body: { password: PASSWORD } },
    });
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));

    const html = document.body.innerHTML;
    for (const secret of [ANTHROPIC_KEY, PASSWORD, "abcdefghijklmnop.qrstuvwxyz0123456789"]) {
      expect(html).not.toContain(secret);
    }
    expect(within(dialog).getByLabelText("Context")).toHaveTextContent("[REDACTED]");
    expect(within(dialog).getByLabelText("Context")).toHaveTextContent("ada");
    expect(within(dialog).getByTestId("redaction-notice")).toHaveTextContent(/\d+ values were hidden/);
    expect(
      Number(/(\d+) values/.exec(within(dialog).getByTestId("redaction-notice").textContent ?? "")?.[1]),
    ).toBeGreaterThanOrEqual(4);
  });

  it("searches the stack and context as plain text: filters lines, highlights matches, counts them", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const search = within(dialog).getByRole("searchbox", { name: "Search the stack trace and context" });

    await user.type(search, "QUEUE");
    const stack = within(dialog).getByLabelText("Stack trace");
    expect(stack).toHaveTextContent("processQueue");
    expect(stack).not.toHaveTextContent("generateItem");
    // processQueue + queue.ts in the stack, queue.ts in the context note.
    expect(within(dialog).getByTestId("match-count")).toHaveTextContent("3 matches");
    const marks = Array.from(dialog.querySelectorAll("mark"), (mark) => mark.textContent?.toLowerCase());
    expect(marks).toEqual(["queue", "queue", "queue"]);

    await user.clear(search);
    await user.type(search, "nothing like this");
    expect(within(dialog).getByTestId("match-count")).toHaveTextContent("0 matches");
    expect(within(dialog).getByText("No match in the stack trace.")).toBeInTheDocument();
  });

  it("treats regex characters in the query literally", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const search = within(dialog).getByRole("searchbox", { name: "Search the stack trace and context" });

    // As a regex ".*" would match every line; as text it matches none.
    await user.click(search);
    await user.paste(".*");
    expect(within(dialog).getByTestId("match-count")).toHaveTextContent("0 matches");

    // "(x2)" is an invalid-looking group as a regex; as text it is in the context's note.
    await user.clear(search);
    await user.paste("(x2)");
    expect(within(dialog).getByTestId("match-count")).toHaveTextContent("1 match");
    expect(dialog.querySelector("mark")).toHaveTextContent("(x2)");

    await user.clear(search);
    // Pasted, not typed: user-event reads "[" as a key descriptor.
    await user.paste("[a-z]+");
    expect(within(dialog).getByTestId("match-count")).toHaveTextContent("0 matches");
  });

  it("hides library frames with App frames only", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    const stack = () => within(dialog).getByLabelText("Stack trace");
    expect(stack()).toHaveTextContent("react-dom-client");

    await user.click(within(dialog).getByRole("checkbox", { name: "App frames only" }));
    expect(stack()).not.toHaveTextContent("react-dom-client");
    expect(stack()).not.toHaveTextContent("scheduler");
    expect(stack()).toHaveTextContent("generateItem");
    expect(stack()).toHaveTextContent("processQueue");
  });

  it("copies the sanitized details as JSON with the Clipboard API and says so", async () => {
    const { user, dialog } = await openWithOpener(generationError(), { batchId: "batch-1" });
    // user-event installs its own clipboard stub on setup; spy on that one.
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(within(dialog).getByRole("button", { name: "Copy details" }));

    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = JSON.parse(writeText.mock.calls[0]?.[0] ?? "{}") as Record<string, unknown>;
    expect(copied).toMatchObject({
      code: ErrorCode.GEN_PROVIDER_ERROR,
      batchId: "batch-1",
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expect(copied.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(copied)).not.toContain(ANTHROPIC_KEY);
    expect(await screen.findByText("Error details copied")).toBeInTheDocument();
    // The toast region is hidden from screen readers while the modal is open: the modal says it too.
    expect(within(dialog).getByTestId("copy-status")).toHaveTextContent("Error details copied to the clipboard.");
  });

  it("falls back to execCommand when the Clipboard API is refused", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new DOMException("Denied", "NotAllowedError"));
    let selected = "";
    const execCommand = vi.fn((command: string) => {
      selected = (document.activeElement as HTMLTextAreaElement | null)?.value ?? "";
      return command === "copy";
    });
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });

    await user.click(within(dialog).getByRole("button", { name: "Copy details" }));
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(selected).toContain(ErrorCode.GEN_PROVIDER_ERROR);
    expect(selected).not.toContain(ANTHROPIC_KEY);
    expect(await screen.findByText("Error details copied")).toBeInTheDocument();
    // The temporary textarea is gone and focus is back on the button.
    expect(document.querySelectorAll("textarea")).toHaveLength(0);
  });

  it("shows the JSON to copy by hand when every way of copying is refused", async () => {
    const { user, dialog } = await openWithOpener(generationError());
    // An old browser or an insecure origin: no Clipboard API at all, and execCommand refuses.
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    Object.defineProperty(document, "execCommand", { value: () => false, configurable: true });

    await user.click(within(dialog).getByRole("button", { name: "Copy details" }));
    const manual = await within(dialog).findByLabelText(/Copying was blocked/);
    expect((manual as HTMLTextAreaElement).value).toContain(ErrorCode.GEN_PROVIDER_ERROR);
    expect((manual as HTMLTextAreaElement).value).not.toContain(ANTHROPIC_KEY);
    expect(manual).toHaveFocus();
    expect(await screen.findByText("Copy the details by hand")).toBeInTheDocument();
  });

  it("pre-fills a report mail with ids, code, fingerprint and version, without the message or context", async () => {
    const error = generationError();
    const { dialog } = await openWithOpener(error, { batchId: "batch-1", itemId: "item-7" });
    const link = within(dialog).getByRole("link", { name: "Report issue" });
    const href = link.getAttribute("href") ?? "";

    expect(href.startsWith(`mailto:${clientEnv.supportEmail}?`)).toBe(true);
    const body = decodeURIComponent(/body=([^&]*)/.exec(href)?.[1] ?? "");
    expect(body).toContain(`Error id: ${error.errorId}`);
    expect(body).toContain(`Code: ${ErrorCode.GEN_PROVIDER_ERROR}`);
    expect(body).toMatch(/Fingerprint: [0-9a-f]{8}/);
    expect(body).toContain(`App version: ${clientEnv.appVersion}`);
    expect(body).toContain("Batch: batch-1");
    expect(body).toContain("Item: item-7");
    expect(body).toContain("generateItem");
    expect(body).not.toContain("The provider failed");
    expect(body).not.toContain("claude-test");
    expect(href.length).toBeLessThanOrEqual(1800);
  });

  it("keeps the report link under 1800 characters for a huge stack and says frames were left out", async () => {
    const error = new AppError(ErrorCode.UNKNOWN, "Boom");
    error.stack = [
      "Error: Boom",
      ...Array.from(
        { length: 400 },
        (_, i) => `    at frame${i} (webpack-internal:///./lib/some/module-${i}.ts:${i}:1)`,
      ),
    ].join("\n");
    const { dialog } = await openWithOpener(error);
    const href = within(dialog).getByRole("link", { name: "Report issue" }).getAttribute("href") ?? "";
    expect(href.length).toBeLessThanOrEqual(1800);
    const body = decodeURIComponent(/body=([^&]*)/.exec(href)?.[1] ?? "");
    expect(body).toContain("frame0");
    expect(body).toMatch(/\(\d+ more frames left out\)/);
  });

  it("closes on Escape and returns focus to what opened it", async () => {
    const { user, opener } = await openWithOpener(generationError());
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});
