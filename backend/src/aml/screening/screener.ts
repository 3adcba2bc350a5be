/**
 * Screening against one loaded sanctions list: names (fuzzy, normalised) and wallet addresses (exact).
 * Build once per list version (`new Screener(list)`), then screen many subjects.
 */
import type { SanctionedParty, SanctionsList } from "../ofac/sanctions-list.ts";
import { MIN_TOKEN_SIMILARITY, QUERY_WEIGHT, tokenSimilarity } from "./name-similarity.ts";
import { jaroWinkler } from "./jaro-winkler.ts";
import { nameTokens, nameTokenVariants } from "./normalize.ts";

export const DEFAULT_NAME_THRESHOLD = 0.88;

/** Currencies whose OFAC addresses are EVM accounts, i.e. comparable to an investor's wallet. */
const EVM_CURRENCIES = new Set(["ETH", "ETC", "USDT", "USDC", "ARB", "BSC"]);
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export interface NameMatch {
  kind: "name";
  entNum: number;
  primaryName: string;
  matchedName: string;
  score: number;
  programs: string[];
}

export interface WalletMatch {
  kind: "wallet";
  entNum: number;
  primaryName: string;
  address: string;
  currency: string;
  score: 1;
  programs: string[];
}

export type ScreeningMatch = NameMatch | WalletMatch;

interface IndexedName {
  party: SanctionedParty;
  name: string;
  tokens: string[];
  /** Weak aliases match only exactly (same tokens once normalised, in any order). */
  exactKey: string | null;
}

const tokenKey = (tokens: string[]): string => [...tokens].sort().join(" ");

/** Character counts of a normalised token (a-z, 0-9). */
function histogram(token: string): Uint8Array {
  const counts = new Uint8Array(36);
  for (const ch of token) {
    const code = ch.charCodeAt(0);
    const i = code >= 97 ? code - 97 : code - 48 + 26;
    if (i >= 0 && i < 36) counts[i] = Math.min(255, counts[i]! + 1);
  }
  return counts;
}

interface VocabularyToken {
  token: string;
  counts: Uint8Array;
  /** Indexes (into the name list) of the names holding this token. */
  names: number[];
}

/**
 * Whether two tokens could reach MIN_TOKEN_SIMILARITY. Jaro-Winkler >= 0.8 needs Jaro >= 2/3 (the prefix bonus
 * adds at most 0.4 * (1 - Jaro)), which needs m/|a| + m/|b| >= 1 for the m matching characters, and m is at
 * most the number of characters the two tokens share. Cheap, and never discards a pair that could match.
 */
function couldBeSimilar(a: VocabularyToken, present: number[], b: VocabularyToken): boolean {
  let shared = 0;
  for (const i of present) shared += Math.min(a.counts[i]!, b.counts[i]!);
  return shared / a.token.length + shared / b.token.length >= 1;
}

export class InvalidWalletAddressError extends Error {
  override readonly name = "InvalidWalletAddressError";
}

/** Invisible characters and compatibility forms (full-width digits) an address may have been written with. */
const INVISIBLE_OR_SPACE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Z}]/gu;

/**
 * Lower-case form of a 0x-prefixed 20-byte address, read through invisible characters, spacing and full-width
 * forms (NFKC); throws on anything else.
 */
export function normalizeEvmAddress(address: string): string {
  const plain = address.normalize("NFKC").replace(INVISIBLE_OR_SPACE, "");
  if (!EVM_ADDRESS.test(plain)) throw new InvalidWalletAddressError("not a 0x-prefixed 20-byte address");
  return plain.toLowerCase();
}

export class Screener {
  readonly #names: IndexedName[] = [];
  readonly #vocabulary = new Map<string, VocabularyToken>();
  readonly #wallets = new Map<string, { party: SanctionedParty; address: string; currency: string }[]>();

  constructor(readonly list: SanctionsList) {
    for (const party of list.parties) {
      for (const listed of party.names) {
        const tokens = nameTokens(listed.name);
        if (tokens.length === 0) continue;
        const index =
          this.#names.push({ party, name: listed.name, tokens, exactKey: listed.weak ? tokenKey(tokens) : null }) - 1;
        for (const token of new Set(tokens)) {
          const known = this.#vocabulary.get(token);
          if (known) known.names.push(index);
          else this.#vocabulary.set(token, { token, counts: histogram(token), names: [index] });
        }
      }
      for (const dca of party.digitalCurrencyAddresses) {
        if (!EVM_CURRENCIES.has(dca.currency) || !EVM_ADDRESS.test(dca.address)) continue;
        const key = dca.address.toLowerCase();
        const hits = this.#wallets.get(key) ?? [];
        hits.push({ party, address: dca.address, currency: dca.currency });
        this.#wallets.set(key, hits);
      }
    }
  }

  get walletCount(): number {
    return this.#wallets.size;
  }

  /**
   * Listed parties whose best-matching name scores at least `threshold`, best first (one match per party). A name
   * with a word wholly in another script is scored under each of its readings (see `nameTokenVariants`).
   */
  screenName(name: string, threshold = DEFAULT_NAME_THRESHOLD): NameMatch[] {
    if (!(threshold > 0 && threshold <= 1)) throw new RangeError("threshold must be in (0, 1]");
    const best = new Map<number, NameMatch>();
    for (const query of nameTokenVariants(name)) {
      if (query.length === 0) continue;
      const queryKey = tokenKey(query);
      for (const entry of this.#candidates(query, threshold)) {
        const score =
          entry.exactKey === null ? tokenSimilarity(query, entry.tokens) : entry.exactKey === queryKey ? 1 : 0;
        if (score < threshold) continue;
        const previous = best.get(entry.party.entNum);
        if (previous && previous.score >= score) continue;
        best.set(entry.party.entNum, {
          kind: "name",
          entNum: entry.party.entNum,
          primaryName: entry.party.primaryName,
          matchedName: entry.name,
          score: Math.round(score * 10_000) / 10_000,
          programs: entry.party.programs,
        });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.entNum - b.entNum);
  }

  /**
   * The listed names that can possibly reach `threshold` (an exact filter, not a heuristic). A score needs a
   * query coverage of at least (threshold - 0.3) / 0.7, so a query token carrying more than the remaining share
   * of the query's length must be matched by a similar token of the listed name: only names holding a token
   * similar to the longest such query token are scored.
   */
  #candidates(query: string[], threshold: number): IndexedName[] {
    const total = query.reduce((sum, t) => sum + t.length, 0);
    const requiredCoverage = (threshold - (1 - QUERY_WEIGHT)) / QUERY_WEIGHT;
    const key = [...query].sort((a, b) => b.length - a.length)[0]!;
    if (requiredCoverage <= 0 || key.length / total <= 1 - requiredCoverage) return this.#names;
    const probe: VocabularyToken = { token: key, counts: histogram(key), names: [] };
    const present = [...probe.counts.keys()].filter((i) => probe.counts[i]! > 0);
    const indexes = new Set<number>();
    for (const candidate of this.#vocabulary.values()) {
      if (!couldBeSimilar(probe, present, candidate) || jaroWinkler(key, candidate.token) < MIN_TOKEN_SIMILARITY)
        continue;
      for (const i of candidate.names) indexes.add(i);
    }
    return [...indexes].map((i) => this.#names[i]!);
  }

  /** Listed parties recording exactly this EVM address (case-insensitive). */
  screenWallet(address: string): WalletMatch[] {
    const hits = this.#wallets.get(normalizeEvmAddress(address)) ?? [];
    return hits.map(({ party, address: listed, currency }) => ({
      kind: "wallet",
      entNum: party.entNum,
      primaryName: party.primaryName,
      address: listed,
      currency,
      score: 1,
      programs: party.programs,
    }));
  }

  /** Both screens for a subject; the best score is what feeds the risk score. */
  screen(subject: { names: string[]; wallets: string[] }, threshold = DEFAULT_NAME_THRESHOLD): ScreeningMatch[] {
    const matches: ScreeningMatch[] = [];
    for (const wallet of subject.wallets) matches.push(...this.screenWallet(wallet));
    for (const name of subject.names) matches.push(...this.screenName(name, threshold));
    return matches.sort((a, b) => b.score - a.score || a.entNum - b.entNum);
  }
}
