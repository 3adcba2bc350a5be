/**
 * The browser journeys share one backend, so the data each makes must not collide with another's: an identity
 * document number used by two journeys for two wallets is refused by the registry's rule (one document, one
 * identity), and the later journey fails for a reason that is not its own (seen in CI: stablecoin after the
 * admins guide). Every literal document number in the journeys is distinct.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const JOURNEYS = join(import.meta.dirname, "..", "journeys");

describe("journey data", () => {
  it("no two journeys (or two applicants of one journey) apply with the same identity document number", () => {
    const seen = new Map<string, string[]>();
    for (const file of readdirSync(JOURNEYS).filter((f) => f.endsWith(".e2e.ts"))) {
      const source = readFileSync(join(JOURNEYS, file), "utf8");
      for (const [, number] of source.matchAll(/documentNumber:\s*"([^"]+)"/g)) {
        seen.set(number!, [...(seen.get(number!) ?? []), file]);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    const shared = [...seen].filter(([, files]) => files.length > 1);
    expect(shared).toEqual([]);
  });
});
