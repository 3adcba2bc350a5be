import { afterEach, describe, expect, it, vi } from "vitest";
import { byText, click, render, type Rendered } from "../test/render";
import { TransactionTracker } from "./TransactionTracker";
import type { TxState } from "./tracker";

const hash = `0x${"ab".repeat(32)}` as const;
const step = { label: "Subscribe to 10 units", index: 2, total: 2 };
let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe("<TransactionTracker>", () => {
  it("renders nothing when idle", () => {
    view = render(<TransactionTracker state={{ status: "idle" }} />);
    expect(view.container.innerHTML).toBe("");
  });

  it("asks the user to confirm in the wallet, with the step", () => {
    view = render(<TransactionTracker state={{ status: "awaitingWallet", step }} />);
    const box = view.container.querySelector("[data-tx-status]")!;
    expect(box.getAttribute("role")).toBe("status");
    expect(box.textContent).toContain("Step 2 of 2");
    expect(box.textContent).toContain("Confirm in your wallet");
    expect(box.textContent).toContain("Subscribe to 10 units.");
  });

  it("links a pending transaction to the explorer", () => {
    view = render(
      <TransactionTracker state={{ status: "pending", step, hash }} explorerUrl="https://explorer.example" />,
    );
    const link = view.container.querySelector("a")!;
    expect(link.getAttribute("href")).toBe(`https://explorer.example/tx/${hash}`);
    expect(view.container.textContent).toContain("Waiting for confirmation");
  });

  it("shows the block of a confirmed transaction and offers no retry", () => {
    const onRetry = vi.fn();
    view = render(
      <TransactionTracker
        state={{ status: "confirmed", step, hash, blockNumber: 1234n }}
        onRetry={onRetry}
        onDismiss={() => undefined}
      />,
    );
    expect(view.container.textContent).toContain("block 1234");
    expect(byText(view.container, "button", "Try again")).toBeUndefined();
  });

  it("announces a failure at once with what to do and the technical details", () => {
    const onRetry = vi.fn();
    const state: TxState = {
      status: "failed",
      step,
      hash,
      error: {
        kind: "reverted",
        title: "This offering is fully subscribed.",
        action: "Choose another property.",
        technical: "OfferingSoldOut()",
      },
    };
    view = render(<TransactionTracker state={state} onRetry={onRetry} />);
    const box = view.container.querySelector("[data-tx-status]")!;
    expect(box.getAttribute("role")).toBe("alert");
    expect(box.textContent).toContain("This offering is fully subscribed.");
    expect(box.querySelector("code")?.textContent).toBe("OfferingSoldOut()");
    click(byText(view.container, "button", "Try again")!);
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("keeps a user rejection calm: a status, not an alert", () => {
    const state: TxState = {
      status: "rejected",
      step,
      error: { kind: "rejected", title: "You declined the request in your wallet.", action: "Nothing was sent." },
    };
    view = render(<TransactionTracker state={state} onDismiss={() => undefined} />);
    const box = view.container.querySelector("[data-tx-status]")!;
    expect(box.getAttribute("role")).toBe("status");
    expect(box.textContent).toContain("You declined");
    expect(box.querySelector("a")).toBeNull();
  });
});

describe("15 <TransactionTracker> in a two-step flow", () => {
  it("15 shows step 1's confirmation above step 2 while step 2 waits for the wallet", () => {
    const approve = { label: "Approve 500.00 tUSD for this offering", index: 1, total: 2 };
    view = render(
      <TransactionTracker
        state={{ status: "awaitingWallet", step, done: [{ step: approve, hash, blockNumber: 7n }] }}
      />,
    );
    const earlier = view.container.querySelector("[data-tx-done]")!;
    expect(earlier.textContent).toContain("Step 1 of 2 confirmed");
    expect(earlier.textContent).toContain("Approve 500.00 tUSD for this offering");
    expect(view.container.textContent).toContain("Confirm in your wallet");
  });
});
