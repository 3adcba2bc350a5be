/**
 * Issue 12.2: screening sees through look-alike writing. A corpus generated from the SDN sample: every listed
 * name (primary and aliases) disguised with homoglyphs taken from the Unicode confusables table itself, invisible
 * characters, bidi controls, soft hyphens, diacritics, odd spacing and case; plus ordinary names that must stay clear.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { alphabetMap, confusablesMap } from "confusables";
import fc from "fast-check";
import { loadOfacLegacyDirectory, SAMPLE_LIST_DIR } from "../ofac/files.ts";
import type { SanctionsList } from "../ofac/sanctions-list.ts";
import { nameTokens } from "./normalize.ts";
import { normalizeEvmAddress, Screener } from "./screener.ts";

const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u034f"];
const BIDI = [
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u061c",
];
const SOFT_HYPHEN = "\u00ad";
const SPACES = ["  ", "\u00a0", "\u2003", "\u3000", "\t", " \u00a0 ", "\u2009"];
const COMBINING = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0303", "\u0327", "\u030c", "\u0304"];

/** Look-alikes of a Latin letter from the confusables table (single code points only, as an attacker types them). */
const lookalikes = new Map<string, string[]>();
for (const [letter, similar] of alphabetMap) {
  if (/^[A-Za-z]$/.test(letter))
    lookalikes.set(
      letter,
      similar.filter((c) => [...c].length === 1),
    );
}

/** A small seeded generator (mulberry32): the corpus is the same on every run. */
class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  nextDouble(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextDouble() * (max - min + 1));
  }
  nextBoolean(): boolean {
    return this.nextDouble() < 0.5;
  }
}

type Disguise = (name: string, rnd: Rng) => string;
const pick = <T>(rnd: Rng, items: readonly T[]): T => items[rnd.nextInt(0, items.length - 1)]!;
const perChar = (name: string, rnd: Rng, rate: number, f: (ch: string) => string): string =>
  [...name].map((ch) => (/\p{L}/u.test(ch) && rnd.nextDouble() < rate ? f(ch) : ch)).join("");
const insertBetween = (name: string, rnd: Rng, rate: number, chars: readonly string[]): string =>
  [...name].map((ch, i) => (i > 0 && rnd.nextDouble() < rate ? pick(rnd, chars) : "") + ch).join("");

const homoglyph =
  (rate: number): Disguise =>
  (name, rnd) =>
    perChar(name, rnd, rate, (ch) => {
      const similar = lookalikes.get(ch) ?? lookalikes.get(ch.toLowerCase()) ?? [];
      return similar.length === 0 ? ch : pick(rnd, similar);
    });

const DISGUISES: Record<string, Disguise> = {
  "homoglyphs (some letters)": homoglyph(0.3),
  "homoglyphs (every letter)": homoglyph(1),
  "zero-width characters": (n, r) => insertBetween(n, r, 0.3, ZERO_WIDTH),
  "bidi controls": (n, r) => insertBetween(n, r, 0.25, BIDI),
  "soft hyphens": (n, r) => insertBetween(n, r, 0.3, [SOFT_HYPHEN]),
  diacritics: (n, r) =>
    perChar(n, r, 0.5, (ch) => (ch + pick(r, COMBINING)).normalize(r.nextBoolean() ? "NFC" : "NFD")),
  "odd spacing": (n, r) => ` ${n.replace(/ /g, () => pick(r, SPACES))}\u00a0`,
  "letter spacing": (n) =>
    n
      .split(" ")
      .map((w) => [...w].join(" "))
      .join("   "),
  "random case": (n, r) => perChar(n, r, 0.5, (ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())),
  "full-width and math letters (NFKC)": (n, r) =>
    perChar(n, r, 0.6, (ch) => {
      const code = ch.toUpperCase().charCodeAt(0);
      return code >= 65 && code <= 90
        ? String.fromCodePoint(r.nextBoolean() ? 0xff21 + code - 65 : 0x1d400 + code - 65)
        : ch;
    }),
  "everything at once": (n, r) =>
    DISGUISES["zero-width characters"]!(
      DISGUISES["bidi controls"]!(DISGUISES.diacritics!(homoglyph(0.4)(n, r), r), r),
      r,
    ),
};

/** Ordinary people's names from many places: none of them is on the sample list. */
const GIVEN = [
  "Claire",
  "Jean",
  "Maria",
  "Anna",
  "Peter",
  "John",
  "Sofia",
  "Lukas",
  "Emma",
  "Oliver",
  "Chen",
  "Wei",
  "Yuki",
  "Hiroshi",
  "Priya",
  "Arjun",
  "Fatima",
  "Aisha",
  "Kwame",
  "Amara",
  "Lars",
  "Ingrid",
  "Pablo",
  "Lucia",
  "Mateo",
  "Camila",
  "Olga",
  "Ivan",
  "Noah",
  "Mia",
  "Liam",
  "Ava",
  "Jakub",
  "Zofia",
  "Giulia",
  "Marco",
  "Sven",
  "Elif",
  "Mehmet",
  "Thandiwe",
];
const FAMILY = [
  "Dubois",
  "Martin",
  "Smith",
  "Johnson",
  "Garcia",
  "Rossi",
  "Muller",
  "Schmidt",
  "Kowalski",
  "Nowak",
  "Tanaka",
  "Sato",
  "Wang",
  "Li",
  "Zhang",
  "Patel",
  "Sharma",
  "Okafor",
  "Mensah",
  "Nielsen",
  "Hansen",
  "Fernandez",
  "Lopez",
  "Silva",
  "Santos",
  "Petrova",
  "Novak",
  "Brown",
  "Wilson",
  "Taylor",
  "Yilmaz",
  "Kaya",
  "Moreau",
  "Laurent",
  "Bianchi",
  "Andersson",
  "Virtanen",
  "Dlamini",
  "Nakamura",
  "Kim",
];

function ordinaryNames(count: number, seed: number): string[] {
  const rnd = new Rng(seed);
  const names = new Set<string>();
  while (names.size < count) {
    const given = rnd.nextDouble() < 0.3 ? `${pick(rnd, GIVEN)} ${pick(rnd, GIVEN)}` : pick(rnd, GIVEN);
    names.add(`${given} ${pick(rnd, FAMILY)}`);
  }
  return [...names];
}

describe("12.2 screening sees through look-alike writing", () => {
  let list: SanctionsList;
  let screener: Screener;
  before(async () => {
    list = await loadOfacLegacyDirectory(SAMPLE_LIST_DIR);
    screener = new Screener(list);
  });

  const topHit = (name: string): number | undefined => screener.screenName(name)[0]?.entNum;

  it("12.2 the disguises from the review match the listed person", () => {
    assert.equal(topHit("Dаn Gеrtlеr"), 23252, "Cyrillic а and е");
    assert.equal(topHit("Ebrahim Ra\u200bi\u200dsi"), 27844, "zero-width characters");
    assert.equal(topHit("\u202eEbrahim\u202c Rai\u00adsi"), 27844, "bidi override and soft hyphen");
    assert.equal(topHit("E b r a h i m   R a i s i"), 27844, "letter spacing");
    assert.equal(topHit("ＲＡＩＳＩ，Ｅｂｒａｈｉｍ"), 27844, "full-width letters");
    assert.equal(topHit("𝐃𝐚𝐧 𝐆𝐞𝐫𝐭𝐥𝐞𝐫"), 23252, "mathematical bold letters");
    assert.equal(topHit("Ꭰаո Ꮐеrtⅼеr"), 23252, "Cherokee, Armenian and Roman-numeral look-alikes");
    assert.equal(topHit("Ди́осдадо Кабельо Рондон"), 24424, "a name written in Cyrillic is transliterated");
    assert.equal(topHit("ΗΑΜΑЅ"), 4695, "a whole word of Greek and Cyrillic capitals that look Latin");
  });

  it("12.2 a wallet address written with full-width digits or invisible characters is still the listed address", () => {
    const listed = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
    const disguised = `\u200b${listed.slice(0, 10)}\u200e${listed.slice(10).replace(/[0-9]/g, (d) => String.fromCodePoint(0xff10 + Number(d)))}`;
    assert.equal(normalizeEvmAddress(disguised), listed.toLowerCase());
    assert.equal(screener.screenWallet(disguised)[0]?.entNum, 27307);
  });

  it("12.2 corpus: disguised variants of every listed name still match (recall >= 99%), ordinary names stay clear", () => {
    const rnd = new Rng(20261202);
    const VARIANTS_PER_DISGUISE = 4;
    let total = 0;
    let found = 0;
    const misses: string[] = [];
    for (const party of list.parties) {
      for (const listed of party.names) {
        if (nameTokens(listed.name).length === 0) continue;
        for (const [kind, disguise] of Object.entries(DISGUISES)) {
          for (let i = 0; i < VARIANTS_PER_DISGUISE; i++) {
            const variant = disguise(listed.name, rnd);
            total += 1;
            if (screener.screenName(variant).some((m) => m.entNum === party.entNum)) found += 1;
            else misses.push(`${kind}: ${JSON.stringify(variant)} (${listed.name})`);
          }
        }
      }
    }
    const ordinary = ordinaryNames(600, 7);
    const disguisedOrdinary = ordinary.map((n) =>
      Object.values(DISGUISES)[n.length % Object.keys(DISGUISES).length]!(n, rnd),
    );
    const checked = [...ordinary, ...disguisedOrdinary];
    const falsePositives = checked.filter((n) => screener.screenName(n).length > 0);
    const recall = found / total;
    const fpRate = falsePositives.length / checked.length;
    console.log(
      `aml corpus: recall ${(recall * 100).toFixed(1)}% (${found}/${total}), false positives ${(fpRate * 100).toFixed(1)}% (${falsePositives.length}/${checked.length})`,
    );
    assert.ok(recall >= 0.99, `recall ${recall}; first misses:\n${misses.slice(0, 15).join("\n")}`);
    assert.ok(fpRate <= 0.01, `false positives: ${falsePositives.slice(0, 10).join(", ")}`);
  });

  it("12.2 property: invisible characters, bidi controls, case, width and diacritics never change a name's tokens", () => {
    const harmless = fc.constantFrom(
      "zero-width characters",
      "bidi controls",
      "soft hyphens",
      "diacritics",
      "random case",
      "full-width and math letters (NFKC)",
      "odd spacing",
    );
    const word = fc.stringMatching(/^[A-Za-z]{2,10}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), harmless, fc.integer(), (words, kind, seed) => {
        const name = words.join(" ");
        const variant = DISGUISES[kind]!(name, new Rng(seed));
        assert.deepEqual(nameTokens(variant), nameTokens(name), `${kind}: ${JSON.stringify(variant)}`);
      }),
      { numRuns: 500 },
    );
  });

  it("12.2 property: one Latin letter swapped for any look-alike from the confusables table does not change the tokens", () => {
    // Left out: pairs the package's two tables disagree on (alphabetMap lists U+1D710 under "u", confusablesMap
    // folds it to "v"; Indic vowel signs listed under "o" are dropped), the ASCII "|", and the Latin letters names
    // really use with their own reading (þ -> th, ð -> d, ſ -> s).
    const skeleton = (t: string | undefined) => t?.toLowerCase().replace(/[il1]/g, "l");
    const consistent = (letter: string, c: string) =>
      c !== "|" && !"þðſ".includes(c) && skeleton(confusablesMap.get(c)) === skeleton(letter);
    const letters = [...lookalikes.keys()];
    // A name word: an honorific ("sir", "miss", "prof"...) is no token at all (seed -362092696 at 10,000 runs drew
    // "sir"); that a look-alike honorific is dropped too is checked after the property.
    const nameWord = fc.stringMatching(/^[a-z]{3,12}$/).filter((w) => nameTokens(w).length === 1);
    fc.assert(
      fc.property(nameWord, fc.nat(), fc.nat(), (word, at, which) => {
        const i = at % word.length;
        const similar = (lookalikes.get(word[i]!) ?? []).filter((c) => consistent(word[i]!, c));
        fc.pre(similar.length > 0 && letters.includes(word[i]!));
        const variant = word.slice(0, i) + similar[which % similar.length]! + word.slice(i + 1);
        const tokens = nameTokens(`${variant} Smith`);
        assert.equal(tokens.length, 2, JSON.stringify(variant));
        // l, I and 1 share their look-alikes (Unicode's skeleton maps all three to "l"): compared as one letter
        assert.equal(skeleton(tokens[0]), skeleton(nameTokens(word)[0]), JSON.stringify(variant));
      }),
      { numRuns: 1_000 },
    );
    // An honorific written with a look-alike (Cyrillic "\u0455" for "s") is still an honorific.
    assert.deepEqual(nameTokens("\u0455ir Smith"), ["smith"]);
  });
});
