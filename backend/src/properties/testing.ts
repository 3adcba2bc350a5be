/** Test oracles of the property search, shared by its test files. */

/**
 * The documented `q` rule (schemas.ts), written independently of PostgreSQL: every word of `q` is a word of
 * `text`, the last one may also be the start of a word; a `q` without a word matches nothing.
 */
export function hasWords(text: string, q: string): boolean {
  const split = (v: string) =>
    v
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const words = split(text);
  const wanted = split(q);
  const last = wanted.pop();
  return last !== undefined && wanted.every((w) => words.includes(w)) && words.some((w) => w.startsWith(last));
}
