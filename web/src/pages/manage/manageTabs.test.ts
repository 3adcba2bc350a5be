import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PropertyDetail } from "../../api/types";
import { STATUS_LABELS } from "../marketplace/labels";
import { landingTab, MANAGE_TABS, noticeText, offeredTabs } from "./manageTabs";

type Facts = Pick<PropertyDetail, "status" | "chain" | "statusChangedAt">;
const CHAIN = { tokenAddress: "0x1", offeringAddress: "0x2" } as unknown as NonNullable<PropertyDetail["chain"]>;
const property = (status: PropertyDetail["status"], launched: boolean): Facts => ({
  status,
  chain: launched ? CHAIN : null,
  statusChangedAt: "2026-09-14T10:00:00.000Z",
});
const STATUSES = Object.keys(STATUS_LABELS) as PropertyDetail["status"][];

describe("the manager's property tabs", () => {
  it("a sold property's tokenization is shown, read-only, when a link asks for it (outside browser review: it fell back to Details silently)", () => {
    const sold = property("EXITED", true);
    expect(landingTab(sold, "tokenization")).toEqual({ tab: "tokenization" });
    expect(offeredTabs(sold).find((t) => t.key === "tokenization")).toMatchObject({ readOnly: true });
  });

  it("a tab the property's state does not offer lands on the nearest one with a note saying why", () => {
    const draft = landingTab(property("DRAFT", false), "tokenization");
    expect(draft.tab).toBe("details");
    expect(noticeText(draft.notice!, { label: "Details" })).toBe(
      "Tokenization opens once the registry has verified this property (it is a draft). Showing Details instead.",
    );
    const archived = landingTab(property("ARCHIVED", false), "leases");
    expect(archived.tab).toBe("financials");
    expect(noticeText(archived.notice!, { label: "Financials" })).toMatch(
      /^This property was archived on .*2026.*: its leases are closed/,
    );
    const verified = landingTab(property("VERIFIED", false), "governance");
    expect(verified.tab).toBe("tokenization");
    expect(noticeText(verified.notice!, { label: "Tokenization" })).toBe(
      "Votes & exit open once the property's token is launched. Showing Tokenization instead.",
    );
    const unknown = landingTab(property("FUNDED", true), "nope");
    expect(noticeText(unknown.notice!, { label: "Details" })).toBe(
      "This property has no section “nope”. Showing Details instead.",
    );
  });

  it("no tab asked: the first one, without a note", () => {
    for (const status of STATUSES) expect(landingTab(property(status, false), null)).toEqual({ tab: "details" });
  });

  it("never silently changes the tab a link asked for: every (state, launched, tab) pair lands on an offered tab, the one asked or with a note", () => {
    const asked = fc.oneof(fc.constantFrom(...MANAGE_TABS), fc.string({ minLength: 1 }));
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.boolean(), asked, (status, launched, name) => {
        const p = property(status, launched);
        const offered = offeredTabs(p);
        const landing = landingTab(p, name);
        const shown = offered.find((t) => t.key === landing.tab);
        expect(shown, `${status} ${launched} ${name}`).toBeDefined();
        if (offered.some((t) => t.key === name)) expect(landing).toEqual({ tab: name });
        else {
          expect(landing.notice, `${status} ${launched} ${name}`).toBeDefined();
          const text = noticeText(landing.notice!, { label: shown!.label });
          expect(text).toContain(`Showing ${shown!.label} instead.`);
        }
      }),
      { numRuns: 500 },
    );
    // And exhaustively over the named tabs (fast-check samples; the pairs are few).
    for (const status of STATUSES)
      for (const launched of [false, true])
        for (const name of MANAGE_TABS) {
          const p = property(status, launched);
          const landing = landingTab(p, name);
          const offered = offeredTabs(p).map((t) => t.key);
          expect(offered).toContain(landing.tab);
          expect(landing.tab === name || landing.notice !== undefined, `${status} ${launched} ${name}`).toBe(true);
        }
  });
});
