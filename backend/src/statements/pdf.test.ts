/**
 * The statement PDF prints every name as written: property names come from managers in any script (Greek,
 * Cyrillic, accented Latin), and a statement that printed them as "?" could not be filed. Read back with poppler's
 * pdftotext (a real PDF reader, not our own code); the same content still gives the same bytes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { StatementContent } from "./content.ts";
import { renderPdf } from "./pdf.ts";
import { textOf } from "./pdf-text.ts";

/** A monthly statement holding one property named `name`, with one rent payment. */
function statementOf(name: string, symbol = "PROP"): StatementContent {
  return {
    platform: "Freehold",
    kind: "MONTHLY",
    label: "2026-03",
    from: "2026-03-01",
    to: "2026-03-31",
    wallet: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    investorRef: "3f2a9c1e",
    amountDecimals: 6,
    severalCoins: false,
    unpriced: [],
    holdings: [
      {
        property: name,
        symbol,
        token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        partition: "0x" + "00".repeat(32),
        currency: "EUR",
        coin: "tUSD",
        navBasis: "valuation",
        units: 120n,
        ownershipPercent: "12.0000",
        costBasis: 6_000_000_000n,
        navPerUnit: 5_100n,
        valueAtNav: 6_120_000_000n,
        unrealizedGain: 120_000_000n,
        incomeInPeriod: 42_500_000n,
        realizedInPeriod: 0n,
        capitalReturnedInPeriod: 0n,
        irr: 0.0525,
      },
    ],
    transactions: [
      {
        date: "2026-03-08",
        kind: "RENT_CLAIMED",
        property: name,
        symbol,
        currency: "EUR",
        coin: "tUSD",
        units: 0n,
        amount: 42_500_000n,
        txHash: "0x" + "ab".repeat(32),
      },
    ],
    disposals: [],
    totals: [
      {
        currency: "EUR",
        coin: "tUSD",
        incomeInPeriod: 42_500_000n,
        realizedInPeriod: 0n,
        capitalReturnedInPeriod: 0n,
        costBasis: 6_000_000_000n,
        valueAtNav: 6_120_000_000n,
        unredeemed: null,
        unrealizedGain: 120_000_000n,
        irr: 0.0525,
      },
    ],
    votes: [],
  };
}

describe("16 statement PDF text", () => {
  it("prints Greek, Cyrillic and accented Latin property names as written, byte-identical on a second render", async () => {
    for (const name of ["Οικία Πλάκας", "Дом на Арбате", "Ålesund Brygge – Søndre", "Łódź Kamienica"]) {
      const pdf = await renderPdf(statementOf(name));
      assert.ok((await textOf(pdf)).includes(name), `${name} is in the PDF's text`);
      assert.deepEqual(await renderPdf(statementOf(name)), pdf, "same content, same bytes");
    }
  });

  it("for any name of letters in the scripts it covers, the name reads back whole", async () => {
    const letters = [..."abcdefghijklmnopqrstuvwxyzäöüßéèêçñåøæłźżąęαβγδεζηθλμξπστφχψωабвгдежзийклмнопрстуфхцчшщыэюя"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom(...letters), minLength: 2, maxLength: 10 }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (words) => {
          const name = words.join(" ");
          const text = await textOf(await renderPdf(statementOf(name)));
          assert.ok(text.includes(name), `${JSON.stringify(name)} in:\n${text.slice(0, 400)}`);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("19 prints a holder vote with its amount, result and the wallet's vote; none, no section", async () => {
    const content = statementOf("Οικία Πλάκας");
    const vote = {
      property: "Οικία Πλάκας",
      symbol: "PROP",
      token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      currency: "EUR",
      coin: "tUSD",
      proposalId: "12",
      kind: "capitalExpenditure" as const,
      amount: 2_500_000_000_000n,
      openedOn: "2026-03-02",
      endsOn: "2026-03-09",
      result: { approved: false, for: 1_000_000n, against: 2_345_678n, abstain: 0n },
      ownVote: "against" as const,
      ownWeight: 2_345_678n,
    };
    const text = await textOf(await renderPdf({ ...content, votes: [vote] }));
    for (const expected of [
      "Holder votes",
      "#12",
      "Capital expenditure (2,500,000.00 tUSD)",
      "Rejected",
      "1000000 / 2345678 / 0",
      "Against (2345678)",
    ])
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);
    assert.ok(!(await textOf(await renderPdf(content))).includes("Holder votes"));
  });
});
