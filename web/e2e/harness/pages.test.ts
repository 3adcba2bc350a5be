/** The page catalogue names every route the app has: a new page cannot be left out of the every-page walk. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PAGES, pageSlug, ROLES, visitsOf } from "./pages";

const APP = join(import.meta.dirname, "..", "..", "src", "app");

/** Route patterns of routes.tsx, with the nested `<Route>`s of a splat route's page joined to their parent. */
function appRoutes(): string[] {
  const source = readFileSync(join(APP, "routes.tsx"), "utf8");
  const entries = [...source.matchAll(/\{ (index: true|path: "([^"]+)"), lazy: page\(\(\) => import\("([^"]+)"\)\)/g)];
  return entries.flatMap(([, , path, module]) => {
    if (path === undefined) return ["/"];
    if (path === "*") return ["*"];
    if (!path.endsWith("/*")) return [`/${path}`];
    const parent = `/${path.slice(0, -2)}`;
    const page = readFileSync(join(APP, `${module!}.tsx`), "utf8");
    return [...page.matchAll(/<Route (index|path="([^"]+)")/g)].map(([, , child]) =>
      child === undefined ? parent : `${parent}/${child}`,
    );
  });
}

describe("page catalogue", () => {
  it("reads the app's routes (the parser finds the pages it must)", () => {
    const routes = appRoutes();
    expect(routes).toContain("/");
    expect(routes).toContain("/properties/:id/invest");
    expect(routes).toContain("/admin/kyc/:id");
    expect(routes).toContain("/manage");
    expect(routes).toContain("*");
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it("covers every route of routes.tsx and nothing else", () => {
    const routes = appRoutes();
    const catalogued = new Set(PAGES.map((p) => p.route));
    expect(
      routes.filter((r) => !catalogued.has(r)),
      "routes missing from web/e2e/harness/pages.ts",
    ).toEqual([]);
    expect(
      [...catalogued].filter((r) => !routes.includes(r)),
      "catalogued routes the app does not have",
    ).toEqual([]);
  });

  it("gives every visit its own screenshot name and someone who uses it", () => {
    const slugs = PAGES.map(pageSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const page of PAGES) expect(page.roles.length, page.route).toBeGreaterThan(0);
  });

  it("visits each route as someone, and each role somewhere", () => {
    for (const role of ROLES) expect(visitsOf(role).length, role).toBeGreaterThan(0);
    const data = { openProperty: "p-open", fundedProperty: "p-funded", pendingApplication: "k-1" };
    for (const page of PAGES) expect(page.path(data)).toMatch(/^\//);
  });
});
