import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupRepeatedViews, isView, type TrailEntry } from "./auditGroups";

const entry = (seq: number, action: string, actorId = "a", entityId = "x"): TrailEntry => ({
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 10, seq)).toISOString(),
  actorId,
  action,
  entityType: "kyc_application",
  entityId,
});

describe("groupRepeatedViews", () => {
  it("folds five views of one application by one officer into one line with its time range", () => {
    const views = [6, 5, 4, 3, 2].map((s) => entry(s, "kyc.identity_viewed"));
    const lines = groupRepeatedViews([entry(7, "kyc.approved"), ...views, entry(1, "kyc.identity_viewed", "b")]);
    expect(lines.map((l) => [l.entry.seq, l.count])).toEqual([
      [7, 1],
      [6, 5],
      [1, 1],
    ]);
    expect(lines[1]!.firstAt).toBe(views.at(-1)!.at);
    expect(lines[1]!.lastAt).toBe(views[0]!.at);
  });

  it("never groups changes, even identical ones", () => {
    expect(groupRepeatedViews([entry(2, "property.updated"), entry(1, "property.updated")])).toHaveLength(2);
  });

  it("property: lines keep every entry once, in order; a line is only views of one record by one person", () => {
    const arb = fc.array(
      fc.record({
        action: fc.constantFrom("kyc.identity_viewed", "kyc.document_viewed", "kyc.approved"),
        actorId: fc.constantFrom("a", "b"),
        entityId: fc.constantFrom("x", "y"),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const entries = specs.map((s, i) => entry(specs.length - i, s.action, s.actorId, s.entityId));
        const lines = groupRepeatedViews(entries);
        expect(lines.reduce((n, l) => n + l.count, 0)).toBe(entries.length);
        let i = 0;
        for (const line of lines) {
          const members = entries.slice(i, i + line.count);
          expect(members[0]).toBe(line.entry);
          if (line.count > 1) {
            expect(isView(line.entry.action)).toBe(true);
            for (const m of members)
              expect([m.action, m.actorId, m.entityId]).toEqual([
                line.entry.action,
                line.entry.actorId,
                line.entry.entityId,
              ]);
          }
          // adjacent lines could not have been merged
          const next = entries[i + line.count];
          if (next && line.count >= 1 && isView(next.action))
            expect(
              next.action === line.entry.action &&
                next.actorId === line.entry.actorId &&
                next.entityId === line.entry.entityId,
            ).toBe(false);
          i += line.count;
        }
      }),
    );
  });
});
