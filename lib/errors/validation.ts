import type { z } from "zod";
import { ValidationError, type FieldErrors } from "./classes";

/*
 * Validation shared by the HTTP layer (every route's body and query) and the domain code
 * that takes input from elsewhere (the headless runner, imports): both must refuse the same
 * input with the same 400 fieldErrors. Browser-safe, like the rest of lib/errors.
 */

/**
 * Runs a zod schema and turns its issues into fieldErrors keyed by dotted path. Before that,
 * every string in the input (keys too) is checked for text Postgres cannot store or would
 * silently alter: a NUL character (text and jsonb refuse it) or an unpaired UTF-16 surrogate
 * (stored as U+FFFD in text, refused in jsonb). Checking here, where every route's input
 * passes, covers every string field of every schema, present and future.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  rootName: string,
  summary: string,
): z.output<S> {
  const fieldErrors: FieldErrors = {};
  for (const path of findUnstorableText(value)) {
    (fieldErrors[path.length > 0 ? path.join(".") : rootName] ??= []).push(UNSTORABLE_TEXT_MESSAGE);
  }
  const result = schema.safeParse(value);
  if (result.success && Object.keys(fieldErrors).length === 0) return result.data;
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.length > 0 ? issue.path.map(String).join(".") : rootName;
      (fieldErrors[key] ??= []).push(issue.message);
    }
  }
  throw new ValidationError(`${summary}: ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL characters or unpaired surrogates";

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_TEXT_GLOBAL = new RegExp(UNSTORABLE_TEXT.source, "g");

/** True when `text` holds a character Postgres cannot store as given. */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}

interface WalkNode {
  value: unknown;
  key: string | number | undefined;
  parent: WalkNode | undefined;
}

/** Deeper paths are shown cut ("a.0.0.….x"): a hostile body must not make a 400 kB field name. */
const MAX_PATH_SEGMENTS = 32;

function pathOf(node: WalkNode | undefined, last?: string): (string | number)[] {
  const reversed: (string | number)[] = last === undefined ? [] : [last];
  for (let at = node; at && at.key !== undefined; at = at.parent) reversed.push(at.key);
  const path = reversed.reverse();
  if (path.length <= MAX_PATH_SEGMENTS) return path;
  return [...path.slice(0, MAX_PATH_SEGMENTS / 2), "…", ...path.slice(-MAX_PATH_SEGMENTS / 2)];
}

/** Paths (as in zod issues) of every string, or key, holding unstorable text; at most `max`. */
function findUnstorableText(value: unknown, max = 20): (string | number)[][] {
  const found: (string | number)[][] = [];
  // Iterative walk with parent links (a path is only built for a finding): a hostile body
  // nested 100,000 levels deep neither overflows the stack nor costs quadratic time.
  const stack: WalkNode[] = [{ value, key: undefined, parent: undefined }];
  const visit = (child: unknown, key: string | number, parent: WalkNode) => {
    if (typeof child === "string" || (child !== null && typeof child === "object"))
      stack.push({ value: child, key, parent });
  };
  while (stack.length > 0 && found.length < max) {
    const node = stack.pop() as WalkNode;
    const current = node.value;
    if (typeof current === "string") {
      if (hasUnstorableText(current)) found.push(pathOf(node));
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) visit(current[i], i, node);
    } else if (current !== null && typeof current === "object") {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        // Name a bad key without repeating the bad character.
        if (hasUnstorableText(key)) found.push(pathOf(node, key.replace(UNSTORABLE_TEXT_GLOBAL, "\uFFFD")));
        else visit(child, key, node);
      }
    }
  }
  return found;
}

/**
 * Replaces every NUL and unpaired surrogate (in keys too) by U+FFFD, in place: `value` is a
 * freshly parsed JSON value nobody else holds. Iterative, like findUnstorableText.
 */
export function replaceUnstorableText(value: unknown): unknown {
  const fix = (text: string) => text.replace(UNSTORABLE_TEXT_GLOBAL, "\uFFFD");
  if (typeof value === "string") return fix(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      current.forEach((child: unknown, i) => {
        if (typeof child === "string") current[i] = fix(child);
        else stack.push(child);
      });
    } else if (current !== null && typeof current === "object") {
      const record = current as Record<string, unknown>;
      for (const [key, child] of Object.entries(record)) {
        const fixedKey = hasUnstorableText(key) ? fix(key) : key;
        const fixedChild = typeof child === "string" ? fix(child) : child;
        if (fixedKey !== key) delete record[key];
        // defineProperty, not assignment: a "__proto__" key from JSON.parse stays a plain key.
        if (fixedKey !== key || fixedChild !== child) {
          Object.defineProperty(record, fixedKey, {
            value: fixedChild,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        if (typeof child !== "string") stack.push(child);
      }
    }
  }
  return value;
}
