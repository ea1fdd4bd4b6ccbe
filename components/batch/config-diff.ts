/**
 * A batch config in words, and what a change to it alters: the resume dialog's "Modify
 * settings" shows the settings the finished items were made with next to the new ones.
 */
import type { BatchConfig } from "@/lib/generation/types";

export type ConfigKey = "provider" | "model" | "temperature";

export interface ConfigEntry {
  key: ConfigKey;
  label: string;
  value: string;
}

export interface ConfigDiffRow extends ConfigEntry {
  before: string;
  changed: boolean;
}

const LABELS: Record<ConfigKey, string> = { provider: "Provider", model: "Model", temperature: "Temperature" };

const PROVIDER_LABELS: Record<string, string> = { offline: "Offline", anthropic: "Anthropic" };

function valueText(config: BatchConfig, key: ConfigKey): string {
  switch (key) {
    case "provider":
      return config.provider ? (PROVIDER_LABELS[config.provider] ?? config.provider) : "Server default";
    case "model":
      return config.model ?? "Provider default";
    case "temperature":
      return config.temperature === undefined ? "Provider default" : String(config.temperature);
  }
}

const KEYS: readonly ConfigKey[] = ["provider", "model", "temperature"];

export function describeConfig(config: BatchConfig): ConfigEntry[] {
  return KEYS.map((key) => ({ key, label: LABELS[key], value: valueText(config, key) }));
}

export function diffConfigs(before: BatchConfig, after: BatchConfig): ConfigDiffRow[] {
  return KEYS.map((key) => {
    const was = valueText(before, key);
    const now = valueText(after, key);
    return { key, label: LABELS[key], value: now, before: was, changed: was !== now };
  });
}
