/**
 * The embedded default provider: template-based conversations, deterministic in the item
 * (same topic and parameters -> the same conversation, byte for byte), with an optional
 * latency and opt-in fault injection. Titles end with "(offline)" so nobody mistakes them
 * for model output.
 */
import { abortedError } from "@/lib/errors/network";
import { sleep } from "@/lib/sleep";
import { faultError, pickFault, type FaultPlan } from "./fault-injection";
import { createSeededRandom, hash32, pick, stableStringify } from "./hash";
import {
  ASSISTANT_ANSWERS,
  ASSISTANT_CLOSINGS,
  ASSISTANT_SINGLE_ANSWERS,
  CLARIFYING_QUESTIONS,
  SLOT_VALUES,
  TONE_KEYWORDS,
  TONES,
  USER_FOLLOW_UPS,
  type Tone,
} from "./offline-templates";
import { parseGenerationRequest, validateGeneratedConversation, type GenerationRequest } from "./schemas";
import type { BatchConfig, ConversationGenerator, GeneratedConversation, GeneratedTurn, GenerationItem } from "./types";

export const OFFLINE_TITLE_SUFFIX = " (offline)";
const TITLE_TOPIC_LENGTH = 120;

export function toneFor(emotion: string | undefined): Tone {
  if (!emotion) return "neutral";
  const lower = emotion.toLowerCase();
  for (const [tone, keywords] of TONE_KEYWORDS) {
    if (keywords.some((keyword) => lower.includes(keyword))) return tone;
  }
  return "neutral";
}

/** The topic as it reads inside a sentence: "Refund policy" -> "refund policy", "API keys" stays. */
function topicInSentence(topic: string): string {
  const clean = topic.replace(/[\s.!?;:,]+$/, "");
  const firstWord = clean.split(/\s/, 1)[0] ?? "";
  const isPlainCapitalised = /^[A-Z][a-z'’-]*$/.test(firstWord);
  return isPlainCapitalised ? clean.charAt(0).toLowerCase() + clean.slice(1) : clean;
}

/** The customer's "my order" is the assistant's "your order". */
function fromAssistant(topic: string): string {
  const swaps: Record<string, string> = {
    my: "your",
    mine: "yours",
    me: "you",
    i: "you",
    myself: "yourself",
    "i'm": "you're",
  };
  return topic.replace(/\b(i'm|myself|mine|my|me|i)\b/gi, (word) => swaps[word.toLowerCase()] ?? word);
}

/** Slots can open a sentence ("Fine. {detail}."), so sentence starts are capitalised after filling. */
function capitaliseSentences(text: string): string {
  return capitalise(text).replace(/([.!?]\s+)([a-z])/g, (_, gap: string, letter: string) => gap + letter.toUpperCase());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function introFor(persona: string | undefined, random: () => number): string {
  if (!persona)
    return pick(random, ["I'm a customer of yours", "I've been a customer for a while", "I'm fairly new here"]);
  // A name ("Maria, a teacher") reads without an article.
  if (/^[A-Z][a-z]/.test(persona) && !/^(A|An|The)\s/.test(persona)) return `I'm ${persona}`;
  const bare = persona.replace(/^(a|an|the)\s+/i, "");
  return `I'm ${/^[aeiou]/i.test(bare) ? "an" : "a"} ${bare}`;
}

/** A copy of `items` in an order drawn from `random`, taken round-robin so nothing repeats early. */
function deck<T>(items: readonly T[], random: () => number): () => T {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  let next = 0;
  return () => order[next++ % order.length] as T;
}

/** The conversation for an already-checked request; pure and deterministic. */
function compose(request: GenerationRequest, parameters: GenerationItem["parameters"]): GeneratedConversation {
  const seed = hash32(
    stableStringify({ topic: request.topic, parameters: { ...parameters, ...request, topic: undefined } }),
  );
  const random = createSeededRandom(seed);
  const tone = toneFor(request.emotion);
  const bank = TONES[tone];
  const topic = topicInSentence(request.topic);
  const assistantTopic = fromAssistant(topic);
  const intro = introFor(request.persona, random);
  const ref = `#${100_000 + Math.floor(random() * 900_000)}`;

  const slotDecks = new Map<string, () => string>();
  const fill = (template: string, speaker: GeneratedTurn["role"]): string =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      switch (name) {
        case "topic":
          return speaker === "user" ? topic : assistantTopic;
        case "intro":
          return intro;
        case "ref":
          return ref;
        default: {
          const values = (SLOT_VALUES as Record<string, readonly string[]>)[name];
          if (!values) return whole;
          // A deck per slot, so one conversation does not suggest the same step twice in a row.
          let draw = slotDecks.get(name);
          if (!draw) slotDecks.set(name, (draw = deck(values, random)));
          return draw();
        }
      }
    });
  const user = (template: string) => capitaliseSentences(fill(template, "user"));
  const assistant = (...templates: string[]) =>
    capitaliseSentences(templates.map((t) => fill(t, "assistant")).join(" "));

  const reactions = deck(bank.reactions, random);
  const followUps = deck(USER_FOLLOW_UPS, random);
  const followUp = () => user(`${reactions()} ${followUps()}`);
  const answers = deck(ASSISTANT_ANSWERS, random);
  const pairs = request.turns / 2;
  const turns: GeneratedTurn[] = [];
  const add = (userText: string, assistantText: string) =>
    turns.push({ role: "user", content: userText }, { role: "assistant", content: assistantText });

  const opener = pick(random, bank.openers);
  const acknowledgement = pick(random, bank.acknowledgements);
  if (pairs === 1) {
    add(user(opener), assistant(acknowledgement, pick(random, ASSISTANT_SINGLE_ANSWERS)));
  } else {
    add(user(opener), assistant(acknowledgement, pick(random, CLARIFYING_QUESTIONS)));
    for (let pair = 1; pair < pairs - 1; pair++) add(followUp(), assistant(answers()));
    if (pairs === 2) add(followUp(), assistant(answers(), "Let me know if anything else comes up."));
    else add(user(pick(random, bank.closings)), assistant(pick(random, ASSISTANT_CLOSINGS)));
  }

  const who = request.persona ?? "customer";
  const mood = request.emotion ?? tone;
  const title = `${capitalise(truncate(request.topic, TITLE_TOPIC_LENGTH))}: ${truncate(who, 40)}, ${truncate(mood, 30)}${OFFLINE_TITLE_SUFFIX}`;
  return { title, turns };
}

/**
 * The offline conversation for an item, without latency or faults. Throws
 * ERR_GEN_INVALID_REQUEST (permanent) for an empty topic or a bad turn count.
 */
export function generateOfflineConversation(item: GenerationItem): GeneratedConversation {
  const request = parseGenerationRequest(item);
  return validateGeneratedConversation(compose(request, item.parameters ?? {}), {
    provider: "offline",
    expectedTurns: request.turns,
  });
}

export interface OfflineGeneratorOptions {
  /** Artificial time per conversation (GENERATION_LATENCY_MS); abortable. */
  latencyMs?: number;
  /** Faults to inject (GENERATION_FAULTS); none by default. */
  faults?: FaultPlan;
  /** Draws for fault injection; Math.random by default. */
  random?: () => number;
  /** Retry-After of an injected rate limit. */
  retryAfterSeconds?: number;
}

export class OfflineGenerator implements ConversationGenerator {
  readonly name = "offline" as const;
  private readonly latencyMs: number;
  private readonly faults: FaultPlan;
  private readonly random: () => number;
  private readonly retryAfterSeconds?: number;

  constructor(options: OfflineGeneratorOptions = {}) {
    this.latencyMs = Math.max(0, options.latencyMs ?? 0);
    this.faults = options.faults ?? [];
    this.random = options.random ?? Math.random;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /**
   * An injected fault is decided up front and thrown after the latency, because a failing
   * real call takes time too (and a batch under faults keeps a realistic pace).
   */
  async generateConversation(
    item: GenerationItem,
    _config: BatchConfig,
    signal?: AbortSignal,
  ): Promise<GeneratedConversation> {
    if (signal?.aborted) throw abortedError(signal);
    const conversation = generateOfflineConversation(item);
    const fault = pickFault(this.faults, this.random);
    await sleep(this.latencyMs, signal);
    if (fault) throw faultError(fault, { retryAfterSeconds: this.retryAfterSeconds });
    return conversation;
  }
}
