/**
 * One gate for text: every string a route receives (path parameters, query, JSON or multipart body, object keys
 * included) must be well-formed Unicode without NUL or other C0/C1 control characters. PostgreSQL cannot store
 * NUL in text or jsonb (it failed the whole request with a 500), and control characters in names or references
 * are never legitimate. Tab, line feed and carriage return stay allowed (multi-line descriptions).
 */
import { ValidationError, type FieldIssue } from "../core/errors.ts";

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this text is refused, or undefined when it is acceptable. */
export function textProblem(value: string): string | undefined {
  const match = FORBIDDEN.exec(value);
  if (match)
    return `contains the control character U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  if (LONE_SURROGATE.test(value)) return "is not well-formed Unicode (lone surrogate)";
  return undefined;
}

const MAX_DEPTH = 64;

function collect(value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  if (issues.length >= 5) return;
  if (typeof value === "string") {
    const problem = textProblem(value);
    if (problem) issues.push({ path, message: problem });
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: "nested too deeply" });
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) issues.push({ path: `${path}.${JSON.stringify(key)}`, message: `key ${keyProblem}` });
    else collect(inner, `${path}.${key}`, issues, depth + 1);
  }
}

/** Throws a 400 naming every offending field (up to five) when any string in `inputs` is refused. */
export function rejectControlCharacters(inputs: Record<string, unknown>): void {
  const issues: FieldIssue[] = [];
  for (const [where, value] of Object.entries(inputs)) collect(value, where, issues, 0);
  if (issues.length)
    throw new ValidationError(`invalid text: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, issues);
}
