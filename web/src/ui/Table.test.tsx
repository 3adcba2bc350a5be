/**
 * 15 (every page works at phone width): data tables stack into cards at phone width because every cell carries its
 * column's name. The ESLint rule `freehold/responsive-table` (eslint.config.js) refuses a bare <table> or <td> in
 * web/src, and no source file has one outside ui/Table.tsx, so every table of the app is the shared one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ESLint } from "eslint";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { render, type Rendered } from "../test/render";
import { Cell, Table } from "./Table";

// The happy-dom environment gives import.meta.url an http scheme: paths from the file's folder instead.
const src = join(import.meta.dirname, "..");
const root = `${join(src, "..", "..")}/`;

async function tableMessages(code: string, filePath = "web/src/pages/admin/Example.tsx"): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === "freehold/responsive-table").map((m) => m.message);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".tsx") ? [join(dir, e.name)] : [],
  );
}

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("15 tables stack into cards at phone width", () => {
  beforeAll(() => tableMessages("export {};"), 120_000);

  it("15 a cell carries its column's name for the phone layout, and the table keeps its class and attributes", () => {
    view = render(
      <Table className="panel" aria-label="Holdings">
        <tbody>
          <tr>
            <Cell label="Units" className="num">
              12
            </Cell>
            <Cell label="">actions</Cell>
          </tr>
        </tbody>
      </Table>,
    );
    const table = view.container.querySelector("table")!;
    expect(table.className).toBe("table panel");
    expect(table.getAttribute("aria-label")).toBe("Holdings");
    const cells = [...view.container.querySelectorAll("td")];
    expect(cells.map((c) => c.dataset.label)).toEqual(["Units", ""]);
    expect(cells[0]!.className).toBe("num");
    // The value sits in one box, the phone layout's second column.
    expect(cells.map((c) => c.querySelector(":scope > .table__value")?.textContent)).toEqual(["12", "actions"]);
  });

  it.each([
    ["a bare <table>", "export const T = () => <table className='table'><tbody /></table>;", ["table"]],
    [
      "a bare <td>",
      "import { Table } from '../../ui/Table';\nexport const T = () => <Table><tbody><tr><td>1</td></tr></tbody></Table>;",
      ["td"],
    ],
  ])("15 the lint guard refuses %s in a page", async (_what, code, tags) => {
    const messages = await tableMessages(code);
    expect(messages).toHaveLength(tags.length);
    for (const [i, tag] of tags.entries()) expect(messages[i]).toContain(`<${tag}>`);
  });

  it("15 the lint guard lets pages use <Table> and <Cell label>, and the component itself use <table>", async () => {
    expect(
      await tableMessages(
        "import { Cell, Table } from '../../ui/Table';\nexport const T = () => <Table><tbody><tr><Cell label='Units'>1</Cell></tr></tbody></Table>;",
      ),
    ).toEqual([]);
    expect(await tableMessages(readFileSync(join(src, "ui/Table.tsx"), "utf8"), "web/src/ui/Table.tsx")).toEqual([]);
  });

  it("15 no source file in web/src has a bare <table> or <td> outside ui/Table.tsx", () => {
    const bare = sources(src)
      .filter((f) => !f.endsWith(join("ui", "Table.tsx")) && !f.endsWith(".test.tsx"))
      .filter((f) => /<(table|td)[\s>]/.test(readFileSync(f, "utf8")))
      .map((f) => relative(src, f));
    expect(bare).toEqual([]);
    // The scan sees the app's tables: they are there, as the shared component.
    expect(sources(src).filter((f) => readFileSync(f, "utf8").includes("<Table")).length).toBeGreaterThan(8);
  });
});
