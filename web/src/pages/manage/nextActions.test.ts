import { describe, expect, it } from "vitest";
import type { PropertyDetail } from "../../api/types";
import { nextActions } from "./nextActions";

const doc = (kind: string) => ({ kind }) as PropertyDetail["documents"][number];
const base = {
  status: "DRAFT",
  documents: [],
  title: null,
  recentValuations: [],
  units: [],
  chain: null,
} as unknown as PropertyDetail;
const texts = (p: Partial<PropertyDetail>, overdue = 0) =>
  nextActions({ ...base, ...p }, { overdueEntries: overdue }).map((a) => a.text);

describe("next actions on the manager's overview", () => {
  it("walks a new draft through photos, deed, title, valuation and units", () => {
    expect(texts({})).toEqual(["Upload photos", "Upload the title deed", "Add a valuation", "Add the units you let"]);
    expect(texts({ documents: [doc("IMAGE"), doc("TITLE_DEED")] })).toEqual([
      "Record the land title",
      "Add a valuation",
      "Add the units you let",
    ]);
  });

  it("offers submission once the title is recorded, and only waiting while submitted", () => {
    const ready = {
      documents: [doc("IMAGE"), doc("TITLE_DEED")],
      title: {} as PropertyDetail["title"],
      recentValuations: [{}] as PropertyDetail["recentValuations"],
      units: [{}] as PropertyDetail["units"],
    };
    expect(texts(ready)).toEqual(["Submit it for verification"]);
    expect(texts({ ...ready, status: "SUBMITTED" })).toEqual([
      "Wait for the compliance review (withdraw the submission to change the details)",
    ]);
  });

  it("a sold property is only followed through its holders' redemptions (review 2026-12-06 L2: 'Add the units you let')", () => {
    expect(nextActions({ ...base, status: "EXITED" }, { overdueEntries: 0 })).toEqual([
      { text: "Follow the holders' redemptions of the sale's proceeds", tab: "governance" },
    ]);
  });

  it("points a verified property to the launch, a funded one to rent, and counts overdue rent", () => {
    const units = [{}] as PropertyDetail["units"];
    expect(nextActions({ ...base, status: "VERIFIED", units }, undefined)).toEqual([
      { text: "Launch the token and its offering", tab: "tokenization" },
    ]);
    expect(texts({ status: "FUNDED", units }, 2)).toEqual(["Record or chase 2 overdue rent instalments"]);
    expect(texts({ status: "FUNDED", units }, 1)).toContain("Record or chase 1 overdue rent instalment");
  });

  describe("a funded property's rent, from its books", () => {
    const funded = { ...base, status: "FUNDED", units: [{}] } as unknown as PropertyDetail;
    const month = (m: string, distributed: string | null) => ({
      periodId: "00000000-0000-4000-8000-000000000000",
      month: m,
      noi: "1000",
      distributable: "900",
      distributedMinor: distributed,
    });
    const books = (trend: ReturnType<typeof month>[], next: string | null) => ({
      asOf: "2026-12-03",
      noiTrend: trend,
      nextDistribution: next ? { periodId: trend[0]!.periodId, month: next, distributable: "900" } : null,
    });
    const actions = (b: ReturnType<typeof books>) => nextActions(funded, undefined, b);

    it("points at the closed month whose rent waits, on the tokenization tab", () => {
      expect(actions(books([month("2026-10", null), month("2026-11", null)], "2026-10"))).toEqual([
        { text: "Distribute the net rent of October 2026 to holders", tab: "tokenization" },
      ]);
    });

    it("asks to close last month when every closed month is paid out and last month is still open", () => {
      expect(actions(books([month("2026-10", "900")], null))).toEqual([
        { text: "Close the books of November 2026", tab: "financials" },
      ]);
      expect(actions(books([], null))).toEqual([{ text: "Close the books of November 2026", tab: "financials" }]);
    });

    it("suggests nothing about rent when last month is closed and paid out", () => {
      expect(actions(books([month("2026-10", "900"), month("2026-11", "900")], null))).toEqual([]);
    });

    it("says nothing about rent before the books are read", () => {
      expect(nextActions(funded, undefined, undefined)).toEqual([]);
    });
  });
});
