export * from "./dedup";
export * from "./treatments";
export * from "./shared-countdown";
export * from "./rate-limit-sync";
export * from "./announcer";
