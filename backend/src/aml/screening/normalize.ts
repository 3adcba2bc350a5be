/**
 * Name normalisation for screening, so that spelling variants compare equal before any fuzzy scoring. The same
 * function folds the listed names (primary names and aliases) and the screened names:
 * - look-alike writing (issue 12.2): Unicode NFKC (full-width, mathematical and circled letters), invisible and
 *   control characters removed (Default_Ignorable_Code_Point, format characters such as zero-width joiners, bidi
 *   controls and the soft hyphen), letters of another script that look Latin folded by shape through the Unicode
 *   confusables table (package `confusables`) in any word that mixes scripts, whole words of another script
 *   transliterated (package `any-ascii`), letter-spaced runs ("R a i s i") joined;
 * - case and diacritics: "Zoë Ødegård" -> "zoe odegard";
 * - punctuation: apostrophes vanish ("QA'IDA" -> "qaida"), other marks separate words ("AL-QADI" -> "al qadi");
 * - the Arabic article is attached to the word it introduces ("al qadi", "al-qadi", "alqadi" -> "alqadi");
 * - honorifics carry no identity ("Dr.", "Sheikh") and are dropped;
 * - word order: callers compare token multisets ("RAISI, Ebrahim" vs "Ebrahim Raisi").
 *
 * A word written entirely in look-alikes of another script ("НАМАЅ" in Cyrillic capitals) is ambiguous: read as
 * Cyrillic it is "NAMAS", read by shape it is "HAMAS". `nameTokenVariants` gives both readings; the screener
 * scores the query under each and keeps the best.
 */
import anyAscii from "any-ascii";
import { confusablesMap } from "confusables";

/** Removed outright: they change nothing a reader sees. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/** Control characters and every kind of space separate words. */
const SEPARATORS = /[\p{Cc}\p{Z}]+/u;
const WIDE_GAP = /[\p{Cc}\p{Z}]{2,}/u;
/** A word with no Latin (or script-neutral) letter is written in another script: it is transliterated. */
const LATIN_OR_COMMON_LETTER = /[\p{Script=Latin}\p{Script=Common}]/u;
const LETTER = /\p{L}/u;

function isForeignWord(word: string): boolean {
  return [...word].every((ch) => !LETTER.test(ch) || !LATIN_OR_COMMON_LETTER.test(ch)) && LETTER.test(word);
}

/**
 * Groups of words of the name, invisible characters gone: a wide gap (two or more spaces or controls) separates
 * groups, so that a letter-spaced name ("E b r a h i m   R a i s i") keeps its two words.
 */
function visibleGroups(raw: string): string[][] {
  return raw
    .replace(INVISIBLE, "")
    .split(WIDE_GAP)
    .map((group) => group.split(SEPARATORS).filter((w) => w !== ""))
    .filter((group) => group.length > 0);
}

const LATIN = /\p{Script=Latin}/u;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/** Latin letters read as themselves: ASCII, letters with diacritics (NFKD base in ASCII) and those of SPECIAL_LETTERS. */
function keepsItsReading(ch: string): boolean {
  if (/^[A-Za-z0-9 '’,.-]$/.test(ch)) return true;
  if (!LATIN.test(ch)) return false;
  const base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
  return /^[A-Za-z]+$/.test(base) || base.toLowerCase() in SPECIAL_LETTERS;
}

/**
 * ASCII reading of one word. By shape: every character that is not a plain Latin letter (see keepsItsReading) is
 * replaced by the Latin letter it looks like (confusables table), then NFKC and transliteration handle what is
 * left ("ß" stays "ss", not the "B" it resembles; "ſ" and "ƅ" become "s" and "b"). A word wholly in another
 * script is transliterated instead (unless `byShape`).
 */
function asciiWord(word: string, byShape: boolean): string {
  if (PRINTABLE_ASCII.test(word)) return word; // most listed names: nothing to fold
  const compatible = word.normalize("NFKC");
  if (!byShape && isForeignWord(compatible)) return anyAscii(compatible);
  const shapes = [...word].map((ch) => (keepsItsReading(ch) ? ch : (confusablesMap.get(ch) ?? ch))).join("");
  return anyAscii(shapes.normalize("NFKC"));
}

const ONE_CHARACTER = /^\P{M}\p{M}*$/u;

/** Runs of two or more one-character words are a letter-spaced word: "R a i s i" -> "Raisi", "C O ." -> "CO.". */
function joinLetterSpacing(words: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2) out.push(run.join(""));
    else out.push(...run);
    run = [];
  };
  for (const word of words) {
    if (ONE_CHARACTER.test(word)) run.push(word);
    else {
      flush();
      out.push(word);
    }
  }
  flush();
  return out;
}

const SPECIAL_LETTERS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ł: "l",
  ı: "i",
  ħ: "h",
};

const HONORIFICS = new Set([
  "dr",
  "mr",
  "mrs",
  "ms",
  "miss",
  "prof",
  "sir",
  "sheikh",
  "sheik",
  "shaykh",
  "haji",
  "hajji",
]);
const ARTICLES = new Set(["al", "el"]);

/** Lower-case ASCII letters and digits of already transliterated text, separated by single spaces. */
function foldAscii(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæœøđðþłıħ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/['’‘`´ʻʼ]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function fold(raw: string, byShape: boolean): string {
  const words = visibleGroups(raw).flatMap((group) => joinLetterSpacing(group.map((w) => w.normalize("NFC"))));
  return foldAscii(words.map((w) => asciiWord(w, byShape)).join(" "));
}

/** Lowercase ASCII letters and digits separated by single spaces, whatever script, spacing or look-alikes. */
export function foldName(raw: string): string {
  return fold(raw, false);
}

function tokensOf(folded: string): string[] {
  const words = folded.split(" ").filter((w) => w !== "" && !HONORIFICS.has(w));
  const tokens: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (ARTICLES.has(word) && next !== undefined) {
      tokens.push(word + next);
      i += 1;
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

/** The tokens of a name, normalised; empty when nothing identifying is left. */
export function nameTokens(raw: string): string[] {
  return tokensOf(foldName(raw));
}

/**
 * Every reading of a name worth screening: the tokens of `nameTokens`, and when a word is wholly written in
 * another script, also the reading of that word by shape. One or two distinct token lists.
 */
export function nameTokenVariants(raw: string): string[][] {
  const first = nameTokens(raw);
  const byShape = tokensOf(fold(raw, true));
  return byShape.join(" ") === first.join(" ") || byShape.length === 0 ? [first] : [first, byShape];
}
