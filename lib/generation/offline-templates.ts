/**
 * Phrase banks of the offline generator. `{name}` slots are filled by offline-generator.ts:
 * {topic} (mid-sentence form; "my" becomes "your" when the assistant says it), {intro} ("I'm a small business owner"), {when}, {tried},
 * {detail}, {step}, {step2}, {ref}, {days}, {feeling}.
 *
 * Tones change what the customer says and how the assistant acknowledges it; the shape of
 * a conversation (opening, details, resolution, closing) stays the same.
 */

export type Tone = "neutral" | "frustrated" | "confused" | "anxious" | "happy" | "curious" | "impatient";

/** Emotion words (matched as substrings, lower case) mapped to a tone; anything else is neutral. */
export const TONE_KEYWORDS: ReadonlyArray<readonly [Tone, readonly string[]]> = [
  ["frustrated", ["frustrat", "angry", "anger", "annoy", "upset", "furious", "irritat", "disappoint", "mad"]],
  ["confused", ["confus", "lost", "uncertain", "unsure", "puzzl", "overwhelm"]],
  ["anxious", ["anxious", "anxiety", "worr", "stress", "nervous", "scared", "afraid", "panic", "concern"]],
  ["happy", ["happy", "excit", "grateful", "pleased", "satisf", "delight", "joy", "thankful", "positive"]],
  ["curious", ["curious", "interest", "intrigu", "eager", "inquisitive"]],
  ["impatient", ["impatient", "hurr", "rush", "urgent", "busy", "pressed"]],
  ["neutral", ["neutral", "calm", "polite", "professional", "matter"]],
];

export interface ToneBank {
  /** The customer's first message. */
  openers: readonly string[];
  /** How the assistant acknowledges the customer's state before helping. */
  acknowledgements: readonly string[];
  /** How the customer reacts to an answer, before adding a detail or a question (USER_FOLLOW_UPS). */
  reactions: readonly string[];
  /** The customer's last message. */
  closings: readonly string[];
}

export const TONES: Record<Tone, ToneBank> = {
  neutral: {
    openers: [
      "Hi, {intro}. I have a question about {topic}. Could you walk me through how it works?",
      "Hello. {intro}, and I need some help with {topic}. What are my options?",
      "Good morning. I'm looking for information on {topic}. {intro}, if that matters.",
      "Hi there, {intro}. I'd like to sort out something related to {topic}.",
    ],
    acknowledgements: [
      "Thanks for reaching out, happy to help with that.",
      "Of course, let's go through it together.",
      "Good question, thanks for asking.",
      "Sure, I can help with {topic}.",
    ],
    reactions: ["Thanks, that's helpful.", "Understood.", "Okay, that makes sense.", "Right, thanks.", "Good to know."],
    closings: [
      "That covers it, thank you for the clear answers.",
      "Great, I'll do that now. Thanks for your help.",
      "Perfect, that's everything I needed.",
    ],
  },
  frustrated: {
    openers: [
      "This is the third time I'm writing about {topic}, and it's still not sorted. {intro}. Can someone actually help me?",
      "Honestly, I'm fed up. {intro}, and {topic} has cost me hours already. What is going on?",
      "I need {topic} fixed today. {intro} and I've been going back and forth on this since {when}.",
      "I'm really annoyed. Nobody has given me a straight answer about {topic}. {intro}.",
    ],
    acknowledgements: [
      "I'm sorry this has dragged on. That's genuinely frustrating, and I want to get it resolved for you now.",
      "You're right to be annoyed, and I apologise for the back and forth.",
      "I understand, and I'm sorry you've had to chase this.",
      "That shouldn't have taken this long. Let me take ownership of it from here.",
    ],
    reactions: [
      "Fine.",
      "That's what I was told last time.",
      "Okay, but this had better work.",
      "I've heard that before.",
      "Right. Let's get on with it.",
    ],
    closings: [
      "Okay. That's the first clear answer I've had. Thanks.",
      "Fine, I'll try that. If it fails again, I'll be back.",
      "Alright, thank you. I appreciate you actually sorting it out.",
    ],
  },
  confused: {
    openers: [
      "Hi, sorry, I'm a bit lost. {intro} and I don't really understand {topic}. Where do I even start?",
      "I'm confused about {topic}. {intro}, and the instructions I found contradict each other.",
      "Hello, {intro}. I keep reading about {topic} but I don't get what I'm supposed to do.",
      "Can you explain {topic} in simple terms? {intro} and this is new to me.",
    ],
    acknowledgements: [
      "No need to apologise, it's a common question and I'll keep it simple.",
      "That's completely understandable; it isn't explained well in most places.",
      "Let's take it one step at a time.",
      "Happy to explain, and feel free to stop me if anything is unclear.",
    ],
    reactions: [
      "Sorry, I'm still a bit lost.",
      "Okay, I think I follow.",
      "Hmm, let me make sure I understand.",
      "That helps a little.",
      "Sorry if this is a silly question.",
    ],
    closings: [
      "Oh, that actually makes sense now. Thank you for being patient.",
      "Okay, I think I've got it. I'll write those steps down.",
      "Thanks, that's much clearer than anything I read before.",
    ],
  },
  anxious: {
    openers: [
      "Hi, I'm a little worried about {topic}. {intro}, and I don't want to make a mistake.",
      "Hello, {intro}. Something about {topic} has me stressed. Is this serious?",
      "I'm nervous I've done something wrong with {topic}. {intro}. Can you check?",
      "Sorry to bother you. {intro} and {topic} has been on my mind since {when}.",
    ],
    acknowledgements: [
      "I understand the worry, and the good news is that this can be sorted out.",
      "Please don't worry, you haven't done anything that can't be fixed.",
      "Thank you for checking before going ahead; that was the right call.",
      "It's completely normal to be unsure about this. Let's make sure everything is fine.",
    ],
    reactions: [
      "Okay, that's a relief.",
      "I just want to be sure I don't get this wrong.",
      "Sorry, I'm just a bit worried.",
      "Thank you, that helps.",
      "Okay. I'm still a little nervous about it.",
    ],
    closings: [
      "Thank you, that really puts my mind at ease.",
      "Okay, I feel much better now. Thanks for explaining.",
      "That's reassuring. I'll follow those steps carefully.",
    ],
  },
  happy: {
    openers: [
      "Hi! {intro} and I'm excited to get started with {topic}. What should I know?",
      "Hello! Things have been great so far. {intro}, and I'd love some tips on {topic}.",
      "Hey, quick one: {intro} and I'm really pleased with {topic} so far. Can I get more out of it?",
      "Hi there! {intro}. I just wanted to ask a couple of things about {topic}.",
    ],
    acknowledgements: [
      "That's great to hear, thanks for sharing!",
      "Love the enthusiasm, let's make the most of it.",
      "Glad it's been going well, happy to help you go further.",
      "Thanks for the kind words!",
    ],
    reactions: ["Nice, thank you!", "That's great to know!", "Perfect, love it.", "Oh, that's handy!", "Brilliant."],
    closings: [
      "Brilliant, thank you so much!",
      "This was really helpful. Have a great day!",
      "Perfect, I'm all set. Thanks again!",
    ],
  },
  curious: {
    openers: [
      "Hi, {intro}. I'm curious about what goes on behind the scenes with {topic}.",
      "Hello! Out of interest, what's the reasoning behind {topic}? {intro}.",
      "{intro}, and I've been wondering about {topic}. Could you explain it in a bit of detail?",
      "Quick question about {topic}: {intro} and I'd like to understand the options properly.",
    ],
    acknowledgements: [
      "Great question, I'm happy to go into the details.",
      "Sure, it's more interesting than it looks.",
      "Good thing to ask about.",
      "Happy to explain how it fits together.",
    ],
    reactions: [
      "Interesting.",
      "I see, that explains a lot.",
      "Oh, I didn't know that.",
      "That's useful to understand.",
      "Makes sense.",
    ],
    closings: [
      "That's fascinating, thanks for taking the time to explain.",
      "Got it, that answers everything I was wondering about.",
      "Thanks, I learned something today.",
    ],
  },
  impatient: {
    openers: [
      "Quick question, I don't have much time: {topic}. {intro}. What do I do?",
      "I need an answer on {topic} fast. {intro}.",
      "Hi, in a rush. {intro}, and I need {topic} sorted in the next {days} days.",
      "Short version: {topic}. {intro}. What's the quickest fix?",
    ],
    acknowledgements: [
      "Understood, I'll keep this short.",
      "Got it, here's the fastest route.",
      "No problem, straight to the point.",
      "I'll be brief.",
    ],
    reactions: ["Fine.", "Okay. Quickly, though.", "Got it.", "Right.", "Noted."],
    closings: ["Good, that's all I needed. Thanks.", "Okay, doing it now. Thanks.", "Great, quick and clear. Thanks."],
  },
};

/** The assistant's first real move in a longer conversation: a focused question. */
export const CLARIFYING_QUESTIONS: readonly string[] = [
  "To point you in the right direction, could you tell me when this started and what you've tried so far?",
  "Before I suggest anything, what exactly would you like to achieve with {topic}?",
  "Could you share a little more detail, for example what you see on your side and since when?",
  "So I can check the right thing: is this about setting {topic} up for the first time, or about something that stopped working?",
  "Do you have a reference number or any message you've seen? It helps me look at the right place.",
];

/** What the customer adds in the middle of a conversation, after a tone-specific reaction. */
export const USER_FOLLOW_UPS: readonly string[] = [
  "For context, {detail}.",
  "I already tried {tried} {when}, but nothing changed.",
  "Does it matter that {detail}?",
  "How long does that usually take?",
  "Is there anything I need to have ready before I start?",
  "What should I do if it still doesn't work?",
  "Will I get a confirmation once it's done?",
  "Can you check whether anything is still pending on my side?",
];

/** The assistant's help in the middle of a conversation. */
export const ASSISTANT_ANSWERS: readonly string[] = [
  "Thanks, that helps. For {topic}, I'd start by {step}, then {step2}. That usually resolves it.",
  "Based on what you describe, the most likely cause is a mismatch in the details on file. Please {step}; after that, {step2}.",
  "Here's what I'd suggest: first {step}. If that doesn't change anything, {step2}.",
  "That detail matters. In cases like yours the fix is to {step}, and I've noted reference {ref} so nobody asks you again.",
  "Good to know. There's no need to start over: {step}, then {step2}. It should take a few minutes.",
  "Right, I've checked on my side. Nothing is lost, and once you {step} it should go through within {days} business days.",
  "I understand. The short answer is yes, it's possible: {step}, and {step2}.",
  "That's expected behaviour, actually. What changes things is to {step}. After that, {step2}.",
];

/** The assistant's last message: wrap-up and an open door. */
export const ASSISTANT_CLOSINGS: readonly string[] = [
  "You're welcome! I've added a note under reference {ref}. If anything else comes up with {topic}, just reply here.",
  "Glad I could help. Everything is recorded under {ref}, so whoever picks it up next will have the full history.",
  "My pleasure. If it isn't resolved within {days} days, reply with reference {ref} and we'll take it from there.",
  "Happy to help. Take care, and don't hesitate to reach out again.",
];

/** One-message answers (a two-message conversation): help and wrap-up at once. */
export const ASSISTANT_SINGLE_ANSWERS: readonly string[] = [
  "For {topic}, the quickest path is to {step}, then {step2}. If anything looks off, reply with reference {ref} and I'll pick it up.",
  "Here's how it works: first {step}; after that, {step2}. It normally takes {days} business days at most.",
  "You can do it yourself in a few minutes: {step}, and then {step2}. I've noted reference {ref} in case you need us again.",
];

export const SLOT_VALUES = {
  when: [
    "last Tuesday",
    "about two weeks ago",
    "right after the latest update",
    "this morning",
    "yesterday evening",
    "at the start of the month",
  ],
  tried: [
    "restarting everything",
    "following the help article",
    "emailing your support address",
    "logging out and back in",
    "checking my account settings",
    "doing it again from scratch",
  ],
  detail: [
    "I'm using the account I opened last year",
    "I have two accounts and I'm not sure which one is affected",
    "I need this done before the end of the month",
    "my colleague had the same issue",
    "I'm doing this from my phone",
    "the amount on the confirmation looked different",
    "I never received a confirmation email",
    "I changed my address recently",
  ],
  step: [
    "open your account settings and confirm the details are current",
    "check the confirmation email for the reference number",
    "try the process once more from the beginning",
    "clear out the old request before starting a new one",
    "use the same email address you signed up with",
    "review the summary page before confirming",
  ],
  step2: [
    "let me know what you see so I can confirm it's fixed",
    "I'll flag it on our side so it's looked at today",
    "you should get a confirmation within a few minutes",
    "keep the reference number handy in case you need us again",
    "the change shows up the next time you sign in",
    "I'll double-check the status on my end",
  ],
  days: ["two", "three", "five", "seven"],
} as const;
