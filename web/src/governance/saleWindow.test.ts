import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatUnits } from "../format/amounts";
import { formatDateTime } from "../format/dates";
import { refusedSaleText, saleWindow, salesOf } from "./saleWindow";

const DAY = 86_400;
/** A word said twice in a row ("4 units units"): a fragment that already carries its noun, followed by it again. */
const DOUBLED = /\b(\w+) \1\b/i;

describe("19 the exit's window in the manager's panel (audit 2026-12)", () => {
  it("regression (exit-window journey, supply changed): each supply is said once, '4 units', not '4 units units'", () => {
    const text = refusedSaleText({ kind: "supplyChanged", votedOn: 4n, supply: 3n }, { sale: 1n });
    expect(text).toContain(formatUnits(4n));
    expect(text).toContain(formatUnits(3n));
    expect(text).not.toMatch(DOUBLED);
  });

  it("regression (exit-window journey, two approved sales on the page): the refused sale is named by its number", () => {
    const at = 1_800_000_000;
    expect(refusedSaleText({ kind: "expired", deadline: at }, { sale: 2n })).toContain("#2");
    expect(refusedSaleText({ kind: "supplyChanged", votedOn: 4n, supply: 3n }, { sale: 1n })).toContain("#1");
  });

  it("regression (exit-window journey, sale proposed again): while the holders vote on it again, the panel says so instead of asking to propose it again", () => {
    for (const refused of [
      { kind: "expired", deadline: 1_800_000_000 },
      { kind: "supplyChanged", votedOn: 4n, supply: 3n },
    ] as const) {
      const text = refusedSaleText(refused, { sale: 1n, revote: 2n });
      expect(text).not.toMatch(/Propose the sale again/);
      expect(text).toMatch(/put to the holders again \(#2\)/);
      expect(refusedSaleText(refused, { sale: 1n })).toMatch(/Propose the sale again/);
    }
  });

  it("the panel decides as the exit does: a deposit is offered exactly when depositProceeds takes the sale, and a refusal is said for the check the exit fails first", () => {
    fc.assert(
      fc.property(
        fc.record({
          endTime: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
          votingPeriod: fc.integer({ min: DAY, max: 90 * DAY }),
          // Around the deadline, to the second, and far from it.
          offset: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -100 * DAY, max: 100 * DAY })),
          votedOn: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
          change: fc.oneof(fc.constant(0n), fc.bigInt({ min: -(2n ** 20n), max: 2n ** 20n })),
          sale: fc.bigInt({ min: 1n, max: 2n ** 32n }),
          revote: fc.option(fc.bigInt({ min: 1n, max: 2n ** 20n }), { nil: undefined }),
        }),
        ({ endTime, votingPeriod, offset, votedOn, change, sale, revote }) => {
          const deadline = endTime + votingPeriod;
          const now = deadline + offset;
          const supply = votedOn + change > 0n ? votedOn + change : votedOn;
          // PropertyExit.depositProceeds: the deadline first, then the supply.
          const refusal = now >= deadline ? "expired" : supply !== votedOn ? "supplyChanged" : ("open" as const);
          const standing = saleWindow({ supplyAtSnapshot: votedOn }, { now, deadline, supply });
          expect(standing.kind).toBe(refusal);
          if (standing.kind === "open") return;
          const later = revote === undefined ? undefined : sale + revote;
          const text = refusedSaleText(standing, { sale, revote: later });
          expect(text).not.toMatch(DOUBLED);
          expect(text).toContain(`#${sale}`);
          if (standing.kind === "expired") expect(text).toContain(formatDateTime(new Date(deadline * 1000)));
          else expect(text).toContain(`${formatUnits(votedOn)}; the token has ${formatUnits(supply)} now`);
          // What to do: vote again, or follow the vote already running.
          if (later === undefined) expect(text).toMatch(/Propose the sale again/);
          else expect(text).toContain(`(#${later})`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("before the governor's terms or the supply are read, nothing is refused", () => {
    expect(saleWindow({ supplyAtSnapshot: 4n }, { now: 10, deadline: undefined, supply: undefined })).toEqual({
      kind: "open",
      deadline: undefined,
    });
  });
});

describe("19 which sale the exit panel speaks of", () => {
  const sale = (id: bigint, endTime: number, outcome: number) => ({ id, kind: 0, endTime, outcome });
  const NOW = 1_000;

  it("the latest approved sale, and a later sale vote still running or awaiting its finalization", () => {
    // Newest first, as the governor's list is read.
    expect(salesOf([sale(2n, NOW + 10, 0), sale(1n, NOW - 10, 1)], NOW)).toEqual({
      approved: sale(1n, NOW - 10, 1),
      revote: 2n,
    });
    expect(salesOf([sale(2n, NOW - 1, 0), sale(1n, NOW - 10, 1)], NOW).revote).toBe(2n);
    // Rejected, or another kind of vote: the sale was not put to the holders again.
    expect(salesOf([sale(2n, NOW - 1, 2), sale(1n, NOW - 10, 1)], NOW).revote).toBeUndefined();
    expect(salesOf([{ ...sale(2n, NOW + 10, 0), kind: 4 }, sale(1n, NOW - 10, 1)], NOW).revote).toBeUndefined();
    // A later approval replaces the earlier one.
    expect(salesOf([sale(1n, NOW - 20, 1), sale(2n, NOW - 10, 1)], NOW)).toEqual({
      approved: sale(2n, NOW - 10, 1),
      revote: undefined,
    });
  });
});
