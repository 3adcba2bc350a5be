/**
 * Token-based name similarity in [0, 1], independent of word order.
 *
 * Each token of one name is paired with at most one token of the other (best Jaro-Winkler pairs first),
 * giving a coverage score per side weighted by token length. The query's coverage counts most (0.7):
 * "Ebrahim Raisi" is fully explained by the listed "RAISI, Ebrahim" even if the list adds a middle name,
 * whereas a short listed alias such as 'PAT' explains little of "Pat Smith" and must not raise a hit.
 */
import { jaroWinkler } from "./jaro-winkler.ts";

/** Pairs below this similarity count as unmatched (they are different words, not spelling variants). */
export const MIN_TOKEN_SIMILARITY = 0.8;
export const QUERY_WEIGHT = 0.7;

interface Pair {
  q: number;
  c: number;
  score: number;
}

function coverage(tokens: string[], matched: Map<number, number>): number {
  let total = 0;
  let covered = 0;
  tokens.forEach((token, i) => {
    total += token.length;
    covered += token.length * (matched.get(i) ?? 0);
  });
  return total === 0 ? 0 : covered / total;
}

export function tokenSimilarity(query: string[], candidate: string[]): number {
  if (query.length === 0 || candidate.length === 0) return 0;
  const pairs: Pair[] = [];
  for (let q = 0; q < query.length; q++) {
    for (let c = 0; c < candidate.length; c++) {
      const score = jaroWinkler(query[q]!, candidate[c]!);
      if (score >= MIN_TOKEN_SIMILARITY) pairs.push({ q, c, score });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.q - y.q || x.c - y.c);
  const qMatched = new Map<number, number>();
  const cMatched = new Map<number, number>();
  for (const pair of pairs) {
    if (qMatched.has(pair.q) || cMatched.has(pair.c)) continue;
    qMatched.set(pair.q, pair.score);
    cMatched.set(pair.c, pair.score);
  }
  return QUERY_WEIGHT * coverage(query, qMatched) + (1 - QUERY_WEIGHT) * coverage(candidate, cMatched);
}
