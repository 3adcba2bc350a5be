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

  it("points a verified property to the launch, a funded one to rent, and counts overdue rent", () => {
    const units = [{}] as PropertyDetail["units"];
    expect(nextActions({ ...base, status: "VERIFIED", units }, undefined)).toEqual([
      { text: "Launch the token and its offering", tab: "tokenization" },
    ]);
    expect(texts({ status: "FUNDED", units }, 2)).toEqual([
      "Distribute the net rent to holders",
      "Record or chase 2 overdue rent instalments",
    ]);
    expect(texts({ status: "FUNDED", units }, 1)).toContain("Record or chase 1 overdue rent instalment");
  });
});
