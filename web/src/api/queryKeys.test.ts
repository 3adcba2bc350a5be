// @vitest-environment node
/**
 * 15 (class guard): query keys come from one factory module. The ESLint rule `freehold/query-key-factory`
 * (eslint.config.js) refuses an array literal as a `queryKey` or as the key of get/setQueryData anywhere in web/src
 * but web/src/api/queryKeys.ts; and the factories keep each family under its `all` prefix, so invalidating the
 * prefix reaches every query of the family.
 */
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditKeys,
  chainKeys,
  devKeys,
  kycKeys,
  leaseKeys,
  notificationKeys,
  performanceKeys,
  propertyFinanceKeys,
  propertyKeys,
  sessionKeys,
  userKeys,
} from "./queryKeys";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const eslint = new ESLint({ cwd: root });

async function keyMessages(code: string, filePath = "web/src/pages/admin/Example.tsx"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === "freehold/query-key-factory").map((m) => m.message);
}

describe("15 query keys from one factory module", () => {
  // Loading the configuration (typescript-eslint) takes seconds on a busy machine: once, before the cases.
  beforeAll(() => keyMessages("export {};"), 120_000);

  it.each([
    ["a useQuery key", 'export const o = { queryKey: ["users"], queryFn: () => 1 };'],
    ["an `as const` key", 'export const o = { queryKey: ["audit", "entries"] as const };'],
    ["a quoted property name", 'export const o = { "queryKey": ["x"] };'],
    [
      "an invalidation",
      'declare const qc: { invalidateQueries(o: object): void };\nqc.invalidateQueries({ queryKey: ["properties"] });',
    ],
    [
      "setQueryData",
      'declare const qc: { setQueryData(k: unknown, v: unknown): void };\nqc.setQueryData(["auth", "session"], null);',
    ],
  ])("15 refuses %s written as an array literal in a page", async (_what, code) => {
    expect(await keyMessages(code)).toHaveLength(1);
  });

  it("15 accepts factory keys in pages, and array literals in the factory module itself", async () => {
    expect(
      await keyMessages(
        'import { userKeys } from "../../api/queryKeys";\nexport const o = { queryKey: userKeys.list(), other: ["x"] };',
      ),
    ).toEqual([]);
    expect(await keyMessages('export const o = { queryKey: ["users"] };', "web/src/api/queryKeys.ts")).toEqual([]);
  });

  it("15 keeps every key of a family under the family's prefix", () => {
    const families: [readonly unknown[], readonly (readonly unknown[])[]][] = [
      [sessionKeys.all, [sessionKeys.session]],
      [userKeys.all, [userKeys.list()]],
      [auditKeys.all, [auditKeys.entries(), auditKeys.verify()]],
      [
        propertyKeys.all,
        [
          propertyKeys.list({ q: "loft" }),
          propertyKeys.detail("p1"),
          propertyKeys.mine("u1"),
          propertyKeys.reviewQueue(),
        ],
      ],
      [
        kycKeys.all,
        [kycKeys.list(), kycKeys.detail("k"), kycKeys.history("k"), kycKeys.screenings("k"), kycKeys.onchain("k")],
      ],
      [leaseKeys.all, [leaseKeys.summary("p"), leaseKeys.list("p"), leaseKeys.schedule("l"), leaseKeys.overdue("p")]],
      [
        chainKeys.all,
        [
          chainKeys.portfolio(1, "0x1"),
          chainKeys.position(1, "0x2", undefined),
          chainKeys.activity(1, "0x3"),
          chainKeys.launched(1, "p", null, null),
          chainKeys.investOutcome(1, "0x2", "0x1", "Finalized", 5n, false),
          chainKeys.orders(1),
        ],
      ],
      [
        propertyFinanceKeys.all,
        [propertyFinanceKeys.periods("p"), propertyFinanceKeys.valuations("p"), propertyFinanceKeys.nav("p")],
      ],
      [
        notificationKeys.all,
        [
          notificationKeys.unreadCount(),
          notificationKeys.inbox(false),
          notificationKeys.inbox(true),
          notificationKeys.preferences(),
          notificationKeys.email(),
          notificationKeys.follows(),
        ],
      ],
      [devKeys.all, [devKeys.mail()]],
      [performanceKeys.all, [performanceKeys.mine(), performanceKeys.statements()]],
    ];
    for (const [prefix, keys] of families)
      for (const key of keys) expect(key.slice(0, prefix.length)).toEqual([...prefix]);
    // Distinct queries get distinct keys, and a bigint (not serialisable by TanStack's hash) never reaches a key.
    const all = families.flatMap(([, keys]) => keys.map((k) => JSON.stringify(k)));
    expect(new Set(all).size).toBe(all.length);
  });
});
