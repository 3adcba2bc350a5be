import { act } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { click, render, type Rendered } from "../../test/render";
import { Tabs } from "./Tabs";

const TABS = [
  { key: "overview", label: "Overview", render: () => <p>overview body</p> },
  { key: "leases", label: "Leases", render: () => <p>leases body</p> },
  { key: "launch", label: "Tokenization", render: () => <p>launch body</p> },
] as const;

let view: Rendered | undefined;
afterEach(() => view?.unmount());

type Key = (typeof TABS)[number]["key"];

function mount(url: string, landing?: (asked: string) => { key: Key; note: string } | undefined) {
  const router = createMemoryRouter(
    [{ path: "/p", element: <Tabs label="Sections" idPrefix="t" tabs={[...TABS]} landing={landing} /> }],
    {
      initialEntries: [url],
    },
  );
  view = render(<RouterProvider router={router} />);
  const tabs = () => [...view!.container.querySelectorAll<HTMLElement>('[role="tab"]')];
  const panel = () => view!.container.querySelector<HTMLElement>('[role="tabpanel"]')!;
  return { router, tabs, panel };
}

const key = (el: Element, k: string) =>
  act(() => {
    el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
  });

describe("<Tabs>", () => {
  it("shows the tab named in ?tab=, wired with aria ids, and the first one without a note when none is named", () => {
    const { tabs, panel } = mount("/p?tab=leases");
    expect(tabs().map((t) => t.getAttribute("aria-selected"))).toEqual(["false", "true", "false"]);
    expect(tabs().map((t) => t.tabIndex)).toEqual([-1, 0, -1]);
    expect(panel().textContent).toBe("leases body");
    expect(panel().getAttribute("aria-labelledby")).toBe(tabs()[1]!.id);
    expect(tabs()[1]!.getAttribute("aria-controls")).toBe(panel().id);
    view!.unmount();
    view = undefined;
    const none = mount("/p");
    expect(none.panel().textContent).toBe("overview body");
    expect(view!.container.querySelector('[role="status"]')).toBeNull();
  });

  it("never silently shows another tab than the one asked: an unknown name lands on the first with a polite note", () => {
    const { panel } = mount("/p?tab=nope");
    const note = view!.container.querySelector<HTMLElement>('[role="status"]');
    expect(note?.textContent).toBe("There is no section “nope” here. Showing Overview instead.");
    expect(panel().textContent).toContain("overview body");
  });

  it("shows where the page's rule lands a tab and its note, until another tab is chosen", () => {
    const { router, tabs, panel } = mount("/p?tab=leases", (asked) =>
      asked === "leases" ? { key: "launch", note: "Leases are closed. Showing Tokenization instead." } : undefined,
    );
    expect(tabs().map((t) => t.getAttribute("aria-selected"))).toEqual(["false", "false", "true"]);
    expect(view!.container.querySelector('[role="status"]')?.textContent).toBe(
      "Leases are closed. Showing Tokenization instead.",
    );
    expect(panel().textContent).toContain("launch body");
    click(tabs()[0]!);
    expect(router.state.location.search).toBe("?tab=overview");
    expect(view!.container.querySelector('[role="status"]')).toBeNull();
  });

  it("puts the clicked tab in the URL", () => {
    const { router, tabs, panel } = mount("/p?x=1");
    click(tabs()[2]!);
    expect(panel().textContent).toBe("launch body");
    expect(router.state.location.search).toBe("?x=1&tab=launch");
  });

  it("moves with the arrow keys (wrapping), Home and End, and focuses the new tab", () => {
    const { tabs, panel } = mount("/p");
    const list = view!.container.querySelector('[role="tablist"]')!;
    key(tabs()[0]!, "ArrowLeft");
    expect(panel().textContent).toBe("launch body");
    expect(document.activeElement).toBe(tabs()[2]);
    key(list, "ArrowRight");
    expect(panel().textContent).toBe("overview body");
    key(list, "End");
    expect(panel().textContent).toBe("launch body");
    key(list, "Home");
    expect(panel().textContent).toBe("overview body");
    key(list, "ArrowRight");
    expect(panel().textContent).toBe("leases body");
    expect(document.activeElement).toBe(tabs()[1]);
  });
});
