/**
 * The browser journeys share one backend, so the data each makes must not collide with another's: an identity
 * document number used by two journeys for two wallets is refused by the registry's rule (one document, one
 * identity), and the later journey fails for a reason that is not its own (seen in CI: stablecoin after the
 * admins guide). Every literal document number in the journeys is distinct. Likewise a development wallet whose
 * state a journey changes (KYC, balances, orders, its user) belongs to one journey: only the staff's wallets
 * (`STAFF_KEYS`: the admin and the manager the deploy allowed to launch) are shared; the rest make their own
 * (`ownWallet`, `generatePrivateKey`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STAFF_KEYS } from "./people";
import { DEV_KEYS } from "./wallet";

const JOURNEYS = join(import.meta.dirname, "..", "journeys");
const journeys = () =>
  readdirSync(JOURNEYS)
    .filter((f) => f.endsWith(".e2e.ts"))
    .map((file) => ({ file, source: readFileSync(join(JOURNEYS, file), "utf8") }));

describe("journey data", () => {
  it("no two journeys (or two applicants of one journey) apply with the same identity document number", () => {
    const seen = new Map<string, string[]>();
    for (const { file, source } of journeys()) {
      for (const [, number] of source.matchAll(/documentNumber:\s*"([^"]+)"/g)) {
        seen.set(number!, [...(seen.get(number!) ?? []), file]);
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    const shared = [...seen].filter(([, files]) => files.length > 1);
    expect(shared).toEqual([]);
  });

  it("no two journeys use the same development wallet, except the staff's", () => {
    const users = new Map<string, string[]>();
    for (const { file, source } of journeys()) {
      for (const name of new Set([...source.matchAll(/DEV_KEYS\.(\w+)/g)].map((m) => m[1]!))) {
        expect(Object.keys(DEV_KEYS), `${file}: DEV_KEYS.${name}`).toContain(name);
        users.set(name, [...(users.get(name) ?? []), file]);
      }
      // Anvil's keys only under their DEV_KEYS names, so the scan sees every one.
      expect(source, file).not.toMatch(/@freehold\/dev-kit\/accounts|ANVIL_KEYS|DEMO\./);
    }
    expect(users.size).toBeGreaterThan(3);
    const staff: readonly string[] = STAFF_KEYS;
    const shared = [...users].filter(([name, files]) => files.length > 1 && !staff.includes(name));
    expect(shared).toEqual([]);
  });
});
