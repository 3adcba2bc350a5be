import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { countryRisk } from "./country-risk.ts";
import { assessRisk, type RiskInput } from "./risk-score.ts";

const base: RiskInput = {
  bestNameScore: 0,
  walletHit: false,
  pep: false,
  country: 250,
  manualFlags: [],
  nameThreshold: 0.88,
};

describe("country risk", () => {
  it("classifies by ISO 3166-1 numeric code", () => {
    assert.equal(countryRisk(250), "low"); // France
    assert.equal(countryRisk(710), "medium"); // South Africa (grey list)
    assert.equal(countryRisk(104), "high"); // Myanmar
    assert.equal(countryRisk(408), "prohibited"); // North Korea
    assert.equal(countryRisk(250, new Map([[250, "high"]])), "high");
    for (const bad of [0, 1000, 2.5, -4]) assert.throws(() => countryRisk(bad), RangeError);
  });
});

describe("assessRisk", () => {
  it("is low for a clean investor in a low-risk country", () => {
    assert.deepEqual(assessRisk(base), { score: 0, level: "low", countryRisk: "low", factors: [] });
  });

  it("makes a wallet hit critical on its own", () => {
    const r = assessRisk({ ...base, walletHit: true });
    assert.equal(r.score, 100);
    assert.equal(r.level, "critical");
    assert.equal(r.factors[0]!.factor, "sanctions_wallet");
  });

  it("scores a name hit from 60 at the threshold to 100 at identity", () => {
    assert.equal(assessRisk({ ...base, bestNameScore: 0.88 }).score, 60);
    assert.equal(assessRisk({ ...base, bestNameScore: 1 }).score, 100);
    assert.equal(assessRisk({ ...base, bestNameScore: 0.94 }).score, 80);
    assert.equal(assessRisk({ ...base, bestNameScore: 0.88 }).level, "high");
  });

  it("gives near misses a small weight and ignores weak similarity", () => {
    assert.equal(assessRisk({ ...base, bestNameScore: 0.5 }).score, 0);
    const near = assessRisk({ ...base, bestNameScore: 0.85 });
    assert.equal(near.factors[0]!.factor, "sanctions_near_miss");
    assert.ok(near.score > 0 && near.score < 20);
  });

  it("adds PEP, country and manual flags, explaining each, capped at 100", () => {
    const r = assessRisk({ ...base, pep: true, country: 710, manualFlags: ["adverse_media"] });
    assert.equal(r.score, 25 + 10 + 15);
    assert.equal(r.level, "high");
    assert.deepEqual(
      r.factors.map((f) => f.factor),
      ["pep", "country", "manual_flags"],
    );
    assert.equal(assessRisk({ ...base, manualFlags: ["a", "b", "c", "a"] }).factors[0]!.points, 30);
    assert.equal(assessRisk({ ...base, walletHit: true, pep: true, country: 408 }).score, 100);
  });

  it("is monotonic: adding a risk never lowers the score", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(250, 710, 104, 408),
        fc.array(fc.constantFrom("adverse_media", "source_of_funds", "structuring"), { maxLength: 3 }),
        (s, wallet, pep, country, flags) => {
          const input = { ...base, bestNameScore: s, walletHit: wallet, pep, country, manualFlags: flags };
          const r = assessRisk(input);
          assert.ok(r.score >= 0 && r.score <= 100);
          assert.ok(assessRisk({ ...input, pep: true }).score >= r.score);
          assert.ok(assessRisk({ ...input, walletHit: true }).score >= r.score);
          assert.ok(assessRisk({ ...input, bestNameScore: Math.min(1, s + 0.05) }).score >= r.score);
        },
      ),
    );
  });

  it("refuses inputs out of range", () => {
    assert.throws(() => assessRisk({ ...base, bestNameScore: 1.2 }), RangeError);
    assert.throws(() => assessRisk({ ...base, bestNameScore: Number.NaN }), RangeError);
    assert.throws(() => assessRisk({ ...base, nameThreshold: 0.5 }), RangeError);
  });
});
