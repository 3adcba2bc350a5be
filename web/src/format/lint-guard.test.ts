// @vitest-environment node
/**
 * 15 (class guard): the ESLint block for web/src (eslint.config.js, "Web money and state") refuses every way the
 * money-and-state findings came in: a hand-rolled number or date format, a bare viem formatUnits, a hard-coded
 * payment token symbol, an address shortened by hand. Linted as if the code were a page, and as the format module.
 */
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const eslint = new ESLint({ cwd: root });

async function guardMessages(code: string, filePath = "web/src/pages/property/Example.tsx"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

describe("15 the web's formatting guard", () => {
  // Loading the configuration (typescript-eslint) takes seconds on a busy machine: once, before the cases.
  beforeAll(() => guardMessages("export {};"), 120_000);

  it.each([
    ["toFixed", "export const a = (x: number) => `${x.toFixed(2)} distributed`;"],
    ["toLocaleString", "export const a = (x: number) => x.toLocaleString('en-GB');"],
    ["toLocaleDateString", "export const a = (d: Date) => d.toLocaleDateString();"],
    [
      "a new Intl number format",
      "export const f = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });",
    ],
    ["a new Intl date format", "export const f = new Intl.DateTimeFormat('en-GB');"],
    ["viem's formatUnits", "import { formatUnits } from 'viem';\nexport const a = formatUnits(1n, 6);"],
    ["a hard-coded USDC", "export const label = 'Price in USDC';"],
    ["a hard-coded tUSD in a template", "export const label = (x: string) => `${x} tUSD`;"],
    ["a hard-coded USDC in JSX", "export const C = () => <span>USDC</span>;"],
    ["shortAddress by hand", "import { shortAddress } from '../../ui/Address';\nexport const a = shortAddress('0x1');"],
  ])("15 refuses %s in a page", async (_what, code) => {
    expect(await guardMessages(code)).toHaveLength(1);
  });

  it("15 lets the format module use Intl, and pages use the helpers and Intl.DisplayNames", async () => {
    expect(
      await guardMessages(
        "export const f = new Intl.NumberFormat('en-GB');\nexport const g = (x: number) => x.toFixed(1);",
        "web/src/format/example.ts",
      ),
    ).toEqual([]);
    expect(
      await guardMessages(
        "import { formatMoney } from '../../format/amounts';\nexport const a = formatMoney(1n, { symbol: 'X', decimals: 6 });\nexport const n = new Intl.DisplayNames(['en'], { type: 'region' });",
      ),
    ).toEqual([]);
  });
});
