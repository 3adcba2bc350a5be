import { describe, expect, it } from "vitest";
import { auditActionValues } from "../../api/generated/openapi";
import { AUDIT_ACTIONS, auditActionLabel } from "./labels";

describe("the audit trail's action labels", () => {
  it("label exactly the actions the API lists, each with its own words (review 2026-12-06 L7: two options read 'Confirmed a sanctions match', invitation.posted had none)", () => {
    expect(Object.keys(AUDIT_ACTIONS).sort()).toEqual([...auditActionValues].sort());
    const labels = Object.values(AUDIT_ACTIONS);
    expect(labels.filter((label, i) => labels.indexOf(label) !== i)).toEqual([]);
  });

  it("an action the table does not know still reads as words", () => {
    expect(auditActionLabel("chain.range_synced")).toBe("Chain range synced");
    expect(auditActionLabel("invitation.posted")).toBe("Invited an investor to a private placement");
  });
});
