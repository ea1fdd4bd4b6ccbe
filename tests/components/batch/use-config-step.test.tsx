import { act, renderHook } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { EMPTY_FORM, type BatchFormValues } from "@/components/batch/batch-form";
import { useConfigStep } from "@/components/batch/use-config-step";

/** The hook with the wizard's values beside it, as BatchWizard holds them. */
function renderStep(initial: Partial<BatchFormValues> = {}) {
  const onNext = vi.fn();
  const rendered = renderHook(() => {
    const [values, setValues] = useState<BatchFormValues>({ ...EMPTY_FORM, ...initial });
    return { values, step: useConfigStep({ values, onChange: setValues, onNext }) };
  });
  return { ...rendered, onNext };
}

describe("useConfigStep", () => {
  it("Preview with problems keeps the step, shows each field's error and names the first field in page order", () => {
    const { result, onNext } = renderStep({ topicsText: "Refunds", turns: "7", temperature: "1.5" });
    let first: ReturnType<typeof result.current.step.submit> = null;
    act(() => {
      first = result.current.step.submit();
    });
    expect(first).toBe("turns");
    expect(result.current.step.errors.turns).toBeDefined();
    expect(result.current.step.errors.temperature).toBeDefined();
    expect(result.current.step.errors.topics).toBeUndefined();
    expect(onNext).not.toHaveBeenCalled();
  });

  it("editing a field clears its error only", () => {
    const { result } = renderStep({ topicsText: "Refunds", turns: "7", temperature: "1.5" });
    act(() => void result.current.step.submit());
    act(() => result.current.step.set("turns", "6"));
    expect(result.current.values.turns).toBe("6");
    expect(result.current.step.errors.turns).toBeUndefined();
    expect(result.current.step.errors.temperature).toBeDefined();
  });

  it("the topics text and the source clear the topics error (their field differs from their key)", () => {
    const { result } = renderStep();
    act(() => void result.current.step.submit());
    expect(result.current.step.errors.topics).toBe("Enter at least one topic, one per line.");
    act(() => result.current.step.set("topicsText", "Refunds", "topics"));
    expect(result.current.step.errors.topics).toBeUndefined();
    act(() => void result.current.step.submit());
    act(() => result.current.step.set("source", "csv", "topics"));
    act(() => void result.current.step.submit());
    expect(result.current.step.errors.topics).toBe("Choose a CSV file with one topic per row.");
  });

  it("a chosen CSV becomes the topics, with its file name", async () => {
    const { result } = renderStep({ source: "csv" });
    await act(() =>
      result.current.step.chooseCsv(new File(["topic\nRefunds\nPasswords\n"], "topics.csv", { type: "text/csv" })),
    );
    expect(result.current.values.csv?.fileName).toBe("topics.csv");
    expect(result.current.values.csv?.topics.map((topic) => topic.topic)).toEqual(["Refunds", "Passwords"]);
  });

  it("Preview with valid values hands the checked request on and clears old errors", () => {
    const { result, onNext } = renderStep();
    act(() => void result.current.step.submit());
    act(() => result.current.step.set("topicsText", "Refunds\nPasswords", "topics"));
    let first: ReturnType<typeof result.current.step.submit> = "name";
    act(() => {
      first = result.current.step.submit();
    });
    expect(first).toBeNull();
    expect(result.current.step.errors).toEqual({});
    expect(onNext).toHaveBeenCalledOnce();
    expect(onNext.mock.calls[0]?.[0].input.items).toEqual([{ topic: "Refunds" }, { topic: "Passwords" }]);
  });
});
