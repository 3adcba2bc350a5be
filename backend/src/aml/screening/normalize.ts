/**
 * Name normalisation for screening, so that spelling variants compare equal before any fuzzy scoring:
 * - case and diacritics: "Zoë Ødegård" -> "zoe odegard" (NFKD plus the letters NFKD leaves alone: ø, ß, æ, ł...);
 * - punctuation: apostrophes vanish ("QA'IDA" -> "qaida"), other marks separate words ("AL-QADI" -> "al qadi");
 * - the Arabic article is attached to the word it introduces ("al qadi", "al-qadi", "alqadi" -> "alqadi");
 * - honorifics carry no identity ("Dr.", "Sheikh") and are dropped;
 * - word order: callers compare token multisets ("RAISI, Ebrahim" vs "Ebrahim Raisi").
 */

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

const HONORIFICS = new Set(["dr", "mr", "mrs", "ms", "miss", "prof", "sir", "sheikh", "sheik", "shaykh", "haji", "hajji"]);
const ARTICLES = new Set(["al", "el"]);

/** Lowercase ASCII letters and digits separated by single spaces. */
export function foldName(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæœøđðþłıħ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/['’‘`´ʻʼ]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The tokens of a name, normalised; empty when nothing identifying is left. */
export function nameTokens(raw: string): string[] {
  const words = foldName(raw).split(" ").filter((w) => w !== "" && !HONORIFICS.has(w));
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
