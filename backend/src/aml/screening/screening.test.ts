import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { loadOfacLegacyDirectory, SAMPLE_LIST_DIR } from "../ofac/files.ts";
import { jaro, jaroWinkler } from "./jaro-winkler.ts";
import { tokenSimilarity } from "./name-similarity.ts";
import { foldName, nameTokens } from "./normalize.ts";
import { InvalidWalletAddressError, normalizeEvmAddress, Screener } from "./screener.ts";

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 0.001, `${actual} != ${expected}`);

describe("Jaro-Winkler", () => {
  it("gives the published reference values", () => {
    // Winkler (1990) / the usual textbook examples
    close(jaro("martha", "marhta"), 0.944);
    close(jaroWinkler("martha", "marhta"), 0.961);
    close(jaroWinkler("dwayne", "duane"), 0.84);
    close(jaroWinkler("dixon", "dicksonx"), 0.813);
    assert.equal(jaroWinkler("abc", "xyz"), 0);
    assert.equal(jaroWinkler("", ""), 1);
    assert.equal(jaroWinkler("a", ""), 0);
  });

  it("is symmetric and bounded", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const x = jaroWinkler(a, b);
        assert.ok(x >= 0 && x <= 1);
        close(x, jaroWinkler(b, a));
      }),
    );
  });
});

describe("name normalisation", () => {
  it("folds case, diacritics and letters NFKD leaves alone", () => {
    assert.equal(foldName("Zoë Ødegård-Strauß"), "zoe odegard strauss");
    assert.equal(foldName("ŁUKASZ Żółć"), "lukasz zolc");
    assert.equal(foldName("RAÏSI, Ébrahim"), "raisi ebrahim");
  });

  it("removes apostrophes, splits on other punctuation, attaches the article and drops honorifics", () => {
    assert.deepEqual(nameTokens("AL QA'IDA"), ["alqaida"]);
    assert.deepEqual(nameTokens("AL-QA'IDA"), ["alqaida"]);
    assert.deepEqual(nameTokens("AL ZAWAHIRI, Dr. Ayman"), ["alzawahiri", "ayman"]);
    assert.deepEqual(nameTokens("Sheikh Ahmed Yassin"), ["ahmed", "yassin"]);
    assert.deepEqual(nameTokens("  ,.;  "), []);
  });

  it("makes word order irrelevant", () => {
    assert.equal(tokenSimilarity(nameTokens("RAISI, Ebrahim"), nameTokens("Ebrahim Raisi")), 1);
  });
});

describe("Screener on the real sample", () => {
  let screener: Screener;
  before(async () => {
    screener = new Screener(await loadOfacLegacyDirectory(SAMPLE_LIST_DIR));
  });

  const topHit = (name: string): number | undefined => screener.screenName(name)[0]?.entNum;

  it("finds listed people whatever the order, case, accents and punctuation", () => {
    assert.equal(topHit("Ebrahim Raisi"), 27844);
    assert.equal(topHit("ebrahim RAÏSI"), 27844);
    assert.equal(topHit("Ayman al-Zawahiri"), 2676);
    assert.equal(topHit("Ayman Alzawahiri"), 2676);
    assert.equal(topHit("Osama bin Laden"), 6365);
    assert.equal(topHit("Diosdado Cabello Rondón"), 24424);
    assert.equal(topHit("Dan Gertler"), 23252);
  });

  it("finds near spellings through Jaro-Winkler", () => {
    assert.equal(topHit("Ebrahim Raissi"), 27844);
    assert.equal(topHit("Nayef Hawatmeh"), 2681);
    assert.equal(topHit("Lebanese Hizbollah"), 4697);
  });

  it("finds organisations by their aliases from ALT.CSV and from the remarks", () => {
    assert.equal(topHit("National Bank of Cuba"), 306);
    assert.equal(topHit("Hidden Cobra"), 27307);
    assert.equal(topHit("APT38"), 27308);
  });

  it("matches weak aliases (quoted in the remarks) only exactly", () => {
    assert.equal(topHit("hidden cobra"), 27307);
    assert.equal(topHit("Cobra, Hidden"), 27307);
    assert.deepEqual(screener.screenName("Hidden Cobras"), []);
    assert.deepEqual(screener.screenName("Patty Smith"), []);
    // a strong alias (ALT.CSV) still matches through spelling variants
    assert.equal(topHit("National Bank of Kuba"), 306);
  });

  it("does not flag unrelated people sharing one word with a listed name", () => {
    assert.deepEqual(screener.screenName("Jane Doe"), []);
    assert.deepEqual(screener.screenName("Mahmoud Abbas"), []);
    assert.deepEqual(screener.screenName("Pat Smith"), [], "the one-word alias 'PAT' must not flag every Pat");
    assert.deepEqual(screener.screenName("Maria Gonzalez"), []);
    assert.deepEqual(screener.screenName(""), []);
  });

  it("returns one match per listed party, best first, and honours the threshold", () => {
    const strict = screener.screenName("Usama bin Ladin", 0.99);
    assert.equal(strict.length, 1);
    assert.equal(strict[0]!.matchedName, "BIN LADIN, Usama");
    const loose = screener.screenName("Rodriguez Orejuela", 0.7);
    assert.deepEqual(loose.map((m) => m.entNum).sort(), [4107, 4108]);
    for (let i = 1; i < loose.length; i++) assert.ok(loose[i - 1]!.score >= loose[i]!.score);
    assert.throws(() => screener.screenName("x", 0), RangeError);
  });

  it("matches wallet addresses exactly, in any letter case", () => {
    assert.equal(screener.walletCount, 8);
    for (const form of [
      "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
      "0x098b716b8aaf21512996dc57eb0615e2383e2f96",
      "0x098B716B8AAF21512996DC57EB0615E2383E2F96",
    ]) {
      const hits = screener.screenWallet(form);
      assert.equal(hits.length, 1);
      assert.equal(hits[0]!.entNum, 27307);
      assert.equal(hits[0]!.currency, "ETH");
    }
    // one character off is a different address
    assert.deepEqual(screener.screenWallet("0x098b716b8aaf21512996dc57eb0615e2383e2f97"), []);
  });

  it("refuses things that are not EVM addresses", () => {
    for (const bad of [
      "",
      "0x123",
      "098b716b8aaf21512996dc57eb0615e2383e2f96",
      "0xZZ8b716b8aaf21512996dc57eb0615e2383e2f96",
      "1DbvK8P6imBuLcwh2Vruis4xsUb8YAwJQF",
    ]) {
      assert.throws(() => screener.screenWallet(bad), InvalidWalletAddressError);
    }
    assert.equal(
      normalizeEvmAddress("0xABCDEF0000000000000000000000000000000001"),
      "0xabcdef0000000000000000000000000000000001",
    );
  });

  it("its candidate filter is exact: same matches as scoring every listed name", async () => {
    const list = await loadOfacLegacyDirectory(SAMPLE_LIST_DIR);
    const listed = list.parties.flatMap((p) => p.names.map((n) => ({ p, n, tokens: nameTokens(n.name) })));
    const bruteForce = (name: string, threshold: number): [number, number][] => {
      const q = nameTokens(name);
      if (q.length === 0) return [];
      const best = new Map<number, number>();
      for (const { p, n, tokens } of listed) {
        if (tokens.length === 0) continue;
        const score = n.weak
          ? [...tokens].sort().join(" ") === [...q].sort().join(" ")
            ? 1
            : 0
          : tokenSimilarity(q, tokens);
        if (score >= threshold && score > (best.get(p.entNum) ?? -1))
          best.set(p.entNum, Math.round(score * 10_000) / 10_000);
      }
      return [...best.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    };
    const words = [...new Set(listed.flatMap((l) => l.n.name.split(/[\s,]+/)))].filter((w) => w.length > 1);
    const mutated = fc
      .tuple(fc.constantFrom(...words), fc.nat(), fc.constantFrom("", "a", "e", "h", "y"))
      .map(([w, at, ins]) => w.slice(0, at % (w.length + 1)) + ins + w.slice((at % (w.length + 1)) + (ins ? 0 : 1)));
    fc.assert(
      fc.property(
        fc.array(mutated, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0.75, 0.85, 0.88, 0.95),
        (parts, threshold) => {
          const name = parts.join(" ");
          const indexed = screener.screenName(name, threshold).map((m): [number, number] => [m.entNum, m.score]);
          assert.deepEqual(indexed, bruteForce(name, threshold));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("screens a subject by names and wallets together", () => {
    const matches = screener.screen({ names: ["John Smith"], wallets: ["0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"] });
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.kind, "wallet");
  });
});
