import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

import { BatchWizard } from "@/components/batch/batch-wizard";
import { apiError, FakeBatchApi } from "./fake-batch-api";

let api: FakeBatchApi;

beforeEach(() => {
  api = new FakeBatchApi();
  router.refresh.mockReset();
  router.push.mockReset();
});

function renderWizard() {
  const user = userEvent.setup();
  render(<BatchWizard client={api.client()} anthropicAvailable={false} defaultModel="claude-sonnet-4-5" />);
  return { user };
}

const topicsBox = () => screen.getByLabelText("One topic per line");
const preview = () => screen.getByRole("button", { name: "Preview" });

describe("BatchWizard validation", () => {
  it("without topics, says so next to the field, focuses it and sends nothing", async () => {
    const { user } = renderWizard();
    await user.click(preview());

    expect(topicsBox()).toHaveAttribute("aria-invalid", "true");
    expect(topicsBox()).toHaveAccessibleDescription(/Enter at least one topic, one per line\./);
    expect(topicsBox()).toHaveFocus();
    expect(screen.getByTestId("config-step")).toBeInTheDocument();
    expect(api.requests).toEqual([]);
  });

  it("pins each schema problem to its field: odd turns, temperature out of range, a long topic's line", async () => {
    const { user } = renderWizard();
    await user.click(topicsBox());
    await user.paste(`Refund\n${"x".repeat(501)}`);
    await user.type(screen.getByLabelText(/Messages/), "7");
    await user.type(screen.getByLabelText(/Temperature/), "1.5");
    await user.click(preview());

    expect(screen.getByTestId("topics-error")).toHaveTextContent("Line 2: topic must be at most 500 characters");
    expect(screen.getByTestId("turns-error")).toHaveTextContent("turns must be an even number");
    expect(screen.getByLabelText(/Messages/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("temperature-error")).toHaveTextContent("temperature must be between 0 and 1");
    // The first invalid field in page order gets focus.
    expect(topicsBox()).toHaveFocus();
    expect(api.requests).toEqual([]);
  });

  it("clears a field's error as soon as it is edited", async () => {
    const { user } = renderWizard();
    await user.click(preview());
    expect(screen.getByTestId("topics-error")).toBeInTheDocument();
    await user.type(topicsBox(), "Refund");
    expect(screen.queryByTestId("topics-error")).not.toBeInTheDocument();
    expect(topicsBox()).not.toHaveAttribute("aria-invalid");
  });

  it("reads a CSV file in the browser: per-row persona and turns, and names a bad row", async () => {
    const { user } = renderWizard();
    await user.click(screen.getByRole("tab", { name: "Upload CSV" }));
    const csv = 'topic,persona,turns\n"Refund, late delivery",retiree,4\nPassword reset,,\nPlan upgrade,student,lots\n';
    await user.upload(screen.getByLabelText("CSV file"), new File([csv], "topics.csv", { type: "text/csv" }));
    expect(await screen.findByText(/topics\.csv: 3 topics/)).toBeInTheDocument();

    await user.click(preview());
    expect(screen.getByTestId("topics-csv-error")).toHaveTextContent(
      'Row 4: turns must be a whole number (got "lots")',
    );

    await user.upload(
      screen.getByLabelText("CSV file"),
      new File(['topic,persona,turns\n"Refund, late delivery",retiree,4\nPassword reset,,\n'], "fixed.csv", {
        type: "text/csv",
      }),
    );
    await screen.findByText(/fixed\.csv: 2 topics/);
    await user.type(screen.getByLabelText(/Persona/), "small business owner");
    await user.click(preview());

    const rows = await screen.findAllByTestId("preview-item");
    expect(rows).toHaveLength(2);
    // The row's own persona wins over the form's; an empty cell takes the form's.
    expect(rows[0]).toHaveTextContent("Refund, late delivery");
    expect(rows[0]).toHaveTextContent("retiree");
    expect(rows[0]).toHaveTextContent("4");
    expect(rows[1]).toHaveTextContent("small business owner");
  });
});

describe("BatchWizard run", () => {
  it("configures, previews, creates the batch and opens its page: the server does the generating", async () => {
    const { user } = renderWizard();
    await user.type(screen.getByLabelText(/Batch name/), "Support set");
    await user.type(topicsBox(), "Refund{enter}{enter}  Password reset  {enter}Upgrade");
    await user.type(screen.getByLabelText(/Emotion/), "frustrated");
    await user.click(preview());

    const previewStep = await screen.findByTestId("preview-step");
    expect(within(previewStep).getAllByTestId("preview-item")).toHaveLength(3);
    expect(within(previewStep).getByTestId("preview-estimate")).toHaveTextContent(
      "3 conversations fit within the rate limit (at most 50 generations a minute, 3 at a time)",
    );
    await user.click(within(previewStep).getByRole("button", { name: "Start batch (3)" }));

    await waitFor(() => expect(router.push).toHaveBeenCalledTimes(1));
    const [created] = api.jobs.keys();
    expect(router.push).toHaveBeenCalledWith(`/batches/${created}`);
    expect(api.requestsTo("POST", /^\/api\/batches$/).map((request) => request.body)).toEqual([
      {
        name: "Support set",
        config: { provider: "offline" },
        items: [
          { topic: "Refund", parameters: { emotion: "frustrated" } },
          { topic: "Password reset", parameters: { emotion: "frustrated" } },
          { topic: "Upgrade", parameters: { emotion: "frustrated" } },
        ],
      },
    ]);
    // One request: nothing else from the browser is needed for the batch to finish.
    expect(api.requests).toHaveLength(1);
    // Until the batch page replaces the wizard, a second click cannot create a second batch.
    expect(within(previewStep).getByRole("button", { name: "Starting…" })).toBeDisabled();
  });

  it("uses the server's limits for the preview's time floor", async () => {
    const user = userEvent.setup();
    render(
      <BatchWizard
        client={api.client()}
        anthropicAvailable={false}
        defaultModel="claude-sonnet-4-5"
        limits={{ ratePerMinute: 2, maxInFlight: 1 }}
      />,
    );
    await user.type(topicsBox(), "A{enter}B{enter}C{enter}D");
    await user.click(preview());
    expect(await screen.findByTestId("preview-estimate")).toHaveTextContent(
      "At least 1 min 00 s at the rate limit (at most 2 generations a minute, 1 at a time), plus the generator's own time.",
    );
  });

  it("shows the server's refusal on the preview and stays there", async () => {
    api.on((request) =>
      request.method === "POST" && request.path === "/api/batches"
        ? apiError(400, "ERR_VAL_INVALID_INPUT", "items.0.topic: topic must not be empty", {
            fieldErrors: { "items.0.topic": ["topic must not be empty"] },
          })
        : undefined,
    );
    const { user } = renderWizard();
    await user.type(topicsBox(), "Refund");
    await user.click(preview());
    await user.click(await screen.findByRole("button", { name: "Start batch (1)" }));
    expect(await screen.findByText("The batch was not created")).toBeInTheDocument();
    expect(screen.getByTestId("preview-step")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Start batch (1)" })).toBeEnabled();
    expect(router.push).not.toHaveBeenCalled();
  });
});
