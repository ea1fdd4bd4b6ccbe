/**
 * A failed API call shown in a toast, then View details: the Request and Response sections
 * show the call as the API client saw it, with anything secret-looking in the body hidden.
 * Only `fetch` is faked: the shared APIClient, the NotificationManager, Sonner and the modal are real.
 */
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "@/components/notifications/toaster";
import { notifyActionError } from "@/components/notifications/notify";
import { notificationManager } from "@/components/notifications/notification-manager";
import { ErrorDetailsHost } from "@/components/errors/error-details-host";
import { closeErrorDetails, openErrorDetails } from "@/components/errors/error-details-store";
import { apiClient } from "@/lib/api";
import { AppError, ErrorCode, errorLogger } from "@/lib/errors";

const ANTHROPIC_KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
const SESSION_TOKEN = "s3ss10n-T0ken-abcdef123456";

const fetchMock = vi.fn<typeof fetch>();

function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

beforeEach(async () => {
  vi.stubGlobal("fetch", fetchMock);
  fetchMock.mockReset();
  // The reports these tests cause go to POST /api/errors through the same fetch: answer them.
  fetchMock.mockImplementation(() => Promise.resolve(jsonAnswer(202, { accepted: 1 })));
  await errorLogger.flush();
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(async () => {
  act(() => {
    closeErrorDetails();
    notificationManager.dismissAll();
  });
  await errorLogger.flush();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function showFailedCall(answer: Response, call: () => Promise<unknown>, title: string) {
  const user = userEvent.setup();
  render(
    <>
      <Toaster />
      <ErrorDetailsHost />
    </>,
  );
  fetchMock.mockResolvedValueOnce(answer);
  await call().catch((error: unknown) => notifyActionError(title, error));
  expect(await screen.findByText(title)).toBeInTheDocument();
  // One toast at a time here, so its View details is the only one.
  await user.click(await screen.findByRole("button", { name: "View details" }));
  const dialog = await screen.findByRole("dialog", { name: "Error details" });
  await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
  return { dialog };
}

describe("the details of an API error shown in a toast", () => {
  it("a 400: Request says POST and the path with its query (token hidden), Response the status and the body with the echoed key hidden", async () => {
    const { dialog } = await showFailedCall(
      jsonAnswer(400, {
        error: {
          code: "ERR_VAL_INVALID_INPUT",
          message: "The batch settings are not valid",
          details: { fieldErrors: { model: ["unknown model"] }, echoed: `key=${ANTHROPIC_KEY}` },
          errorId: "err_bad400request",
        },
      }),
      () =>
        apiClient.post(
          "/api/batches",
          { model: "x" },
          { query: { session_token: SESSION_TOKEN, dryRun: true }, retry: false },
        ),
      "The batch could not be created",
    );

    const request = within(dialog).getByLabelText("Request");
    expect(request).toHaveTextContent("POST /api/batches?session_token=[REDACTED]&dryRun=true");
    const response = within(dialog).getByLabelText("Response");
    expect(response).toHaveTextContent("HTTP 400");
    expect(response).toHaveTextContent('"code": "ERR_VAL_INVALID_INPUT"');
    expect(response).toHaveTextContent('"errorId": "err_bad400request"');
    expect(response).toHaveTextContent("key=[REDACTED]");
    expect(document.body.innerHTML).not.toContain(ANTHROPIC_KEY);
    expect(document.body.innerHTML).not.toContain(SESSION_TOKEN);
    // The call is shown in its own sections, not repeated in Context; the hidden values are counted.
    expect(within(dialog).queryByLabelText("Context")).toBeNull();
    expect(within(dialog).getByTestId("redaction-notice")).toHaveTextContent("2 values were hidden");
    // The Summary's id is the server's.
    await userEvent.setup().click(within(dialog).getByRole("tab", { name: "Summary" }));
    expect(within(dialog).getByText("err_bad400request")).toBeInTheDocument();
  });

  it("a 500: Response shows the status and the body with a bearer token hidden", async () => {
    const bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const { dialog } = await showFailedCall(
      jsonAnswer(500, {
        error: { code: "ERR_INTERNAL", message: "Something went wrong on our side.", errorId: "err_srv500fault" },
        debug: { authorization: `Bearer ${bearer}`, note: "upstream timed out" },
      }),
      () => apiClient.post("/api/backup/create", { conversationIds: ["c1"] }, { retry: false }),
      "Backup failed",
    );

    expect(within(dialog).getByLabelText("Request")).toHaveTextContent("POST /api/backup/create");
    const response = within(dialog).getByLabelText("Response");
    expect(response).toHaveTextContent("HTTP 500");
    expect(response).toHaveTextContent('"errorId": "err_srv500fault"');
    expect(response).toHaveTextContent('"authorization": "[REDACTED]"');
    expect(response).toHaveTextContent("upstream timed out");
    expect(document.body.innerHTML).not.toContain(bearer);
  });

  it("a non-JSON answer (a proxy's HTML page) is shown as text", async () => {
    const { dialog } = await showFailedCall(
      new Response("<html><body>502 Bad Gateway</body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
      () => apiClient.get("/api/conversations", { retry: false }),
      "Conversations could not be loaded",
    );
    expect(within(dialog).getByLabelText("Request")).toHaveTextContent("GET /api/conversations");
    const response = within(dialog).getByLabelText("Response");
    expect(response).toHaveTextContent("HTTP 502");
    expect(response).toHaveTextContent("<html><body>502 Bad Gateway</body></html>");
  });

  it("a network failure: Request is shown, Response says none came", async () => {
    const user = userEvent.setup();
    render(
      <>
        <Toaster />
        <ErrorDetailsHost />
      </>,
    );
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await apiClient
      .delete("/api/batches/b1/checkpoint", { retry: false })
      .catch((error: unknown) => notifyActionError("Checkpoint not removed", error));
    const toast = await screen.findByRole("alert", { name: /checkpoint not removed/i });
    await user.click(within(toast).getByRole("button", { name: "View details" }));
    const dialog = await screen.findByRole("dialog", { name: "Error details" });
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    expect(within(dialog).getByLabelText("Request")).toHaveTextContent("DELETE /api/batches/b1/checkpoint");
    expect(within(dialog).getByText("No response: the request did not reach the server.")).toBeInTheDocument();
  });

  it("an error that was no API call has no Request or Response section", async () => {
    const user = userEvent.setup();
    render(<ErrorDetailsHost />);
    act(() => openErrorDetails(new AppError(ErrorCode.UNKNOWN, "render failed")));
    const dialog = await screen.findByRole("dialog", { name: "Error details" });
    await user.click(within(dialog).getByRole("tab", { name: "Technical details" }));
    expect(within(dialog).queryByRole("heading", { name: "Request" })).toBeNull();
    expect(within(dialog).queryByRole("heading", { name: "Response" })).toBeNull();
  });
});
