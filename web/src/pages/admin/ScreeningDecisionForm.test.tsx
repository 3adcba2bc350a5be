import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import type { AmlScreening, KycStatus } from "../../api/kyc";
import { byText, click, render, type Rendered } from "../../test/render";
import { STANDARD_INVESTOR_REASONS } from "./amlDecision";
import { ScreeningDecisionForm, STANDARD_REASON_HINT } from "./ScreeningDecisionForm";
import type { ScreeningDecisionBody } from "./screeningDecisionApi";

const screening = (over: Partial<AmlScreening> = {}): AmlScreening => ({
  id: "s1",
  applicationId: "a1",
  listVersionId: "l1",
  trigger: "list_update",
  threshold: 0.88,
  matches: [],
  bestNameScore: 0.95,
  walletHit: false,
  pep: false,
  manualFlags: [],
  riskScore: 80,
  riskLevel: "high",
  riskFactors: [],
  status: "PENDING_REVIEW",
  decidedById: null,
  decidedAt: null,
  decisionReason: null,
  version: 0,
  createdAt: "2026-12-01T10:00:00.000Z",
  confirmationCloses: [],
  ...over,
});

let view: Rendered | undefined;
afterEach(() => view?.unmount());

/** What the API lists a confirmation closes when the screened application (a1) is in `status` and nothing else is live. */
const closesOwn = (status: KycStatus): AmlScreening["confirmationCloses"] =>
  status === "APPROVED" || status === "SUBMITTED" || status === "UNDER_REVIEW" || status === "MORE_INFO_REQUESTED"
    ? [{ applicationId: "a1", status, action: status === "APPROVED" ? "revoke" : "reject", sameWallet: true }]
    : [];

function form(
  status: KycStatus,
  over: { error?: Error | null; walletHit?: boolean; closes?: AmlScreening["confirmationCloses"] } = {},
) {
  const decide = vi.fn<(body: ScreeningDecisionBody) => void>();
  view = render(
    <ScreeningDecisionForm
      screening={screening({
        walletHit: over.walletHit ?? false,
        confirmationCloses: over.closes ?? closesOwn(status),
      })}
      decide={decide}
      pending={false}
      error={over.error ?? null}
    />,
  );
  const c = view.container;
  const radio = (label: RegExp) => byText(c, "label", label)!.querySelector("input")!;
  const field = (label: RegExp) => {
    const l = byText(c, "label", label);
    return l ? c.querySelector<HTMLTextAreaElement>(`#${CSS.escape((l as HTMLLabelElement).htmlFor)}`)! : undefined;
  };
  const type = (el: HTMLTextAreaElement, text: string) =>
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!.call(el, text);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  const choose = (el: HTMLElement, value: string) =>
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")!.set!.call(el, value);
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  const button = () => c.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  return { c, decide, radio, field, type, choose, button };
}

describe("ScreeningDecisionForm", () => {
  it("finding (after 89a487b): the screened application is rejected but another wallet of the person has a live one: the form lists it, asks for the investor's reason and sends it", () => {
    const f = form("REJECTED", {
      closes: [{ applicationId: "a9", status: "APPROVED", action: "revoke", sameWallet: false }],
    });
    click(f.radio(/Confirm the match: closes 1 application of the person/));
    expect(f.c.querySelector('[data-testid="aml-confirmation-closes"]')?.textContent).toBe(
      "Revokes the approval of the application of another wallet of the same person",
    );
    f.type(f.field(/Grounds \(reviewers only\)/)!, "Same passport as the entry");
    f.choose(f.field(/^Reason for the revocation \(the investor reads it\)$/)!, STANDARD_INVESTOR_REASONS[0]!);
    expect(f.button().textContent).toBe("Confirm match and revoke");
    click(f.button());
    expect(f.decide).toHaveBeenCalledWith({
      decision: "CONFIRMED_MATCH",
      reason: "Same passport as the entry",
      investorReason: STANDARD_INVESTOR_REASONS[0],
    });
  });

  it("finding H2 (browser 2026-12-06): confirming a match asks the officer to choose a standard reason for the investor, never to write one, and sends the one chosen", () => {
    const f = form("UNDER_REVIEW");
    expect(f.field(/investor reads it/)).toBeUndefined();
    click(f.radio(/Confirm the match: rejects the application/));
    const investorReason = f.field(/^Reason for the rejection \(the investor reads it\)$/)!;
    expect(investorReason.tagName, "a choice, not free text").toBe("SELECT");
    const offered = [...(investorReason as unknown as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);
    expect(offered).toEqual([...STANDARD_INVESTOR_REASONS]);
    expect(f.c.querySelectorAll("textarea").length, "the grounds only are typed").toBe(1);
    const hint = f.c.querySelector(`#${CSS.escape(investorReason.getAttribute("aria-describedby")!)}`);
    expect(hint?.textContent).toBe(STANDARD_REASON_HINT);
    f.type(f.field(/Grounds \(reviewers only\)/)!, "Same date of birth as the listed person");
    expect(f.button().disabled, "the investor's reason is required").toBe(true);
    f.choose(investorReason, "The identity document could not be verified");
    expect(f.button().textContent).toBe("Confirm match and reject");
    click(f.button());
    expect(f.decide).toHaveBeenCalledWith({
      decision: "CONFIRMED_MATCH",
      reason: "Same date of birth as the listed person",
      investorReason: "The identity document could not be verified",
    });
  });

  it("a false positive, or a confirmation on a closed application, sends no reason for the investor", () => {
    const f = form("APPROVED");
    click(f.radio(/False positive/));
    expect(f.field(/investor reads it/)).toBeUndefined();
    f.type(f.field(/Grounds/)!, "Different date of birth");
    click(f.button());
    expect(f.decide).toHaveBeenCalledWith({ decision: "FALSE_POSITIVE", reason: "Different date of birth" });
    view!.unmount();

    const closed = form("REJECTED");
    click(closed.radio(/Confirm the match/));
    expect(closed.field(/investor reads it/)).toBeUndefined();
    expect(byText(closed.c, "p", /already closed/)).toBeDefined();
    closed.type(closed.field(/Grounds/)!, "Same person");
    click(closed.button());
    expect(closed.decide).toHaveBeenCalledWith({ decision: "CONFIRMED_MATCH", reason: "Same person" });
  });

  it("shows the backend's 400 on the investor's reason next to that field, and says the decision was not recorded", () => {
    const message =
      'the investor reads this text: it must not mention "sanctions" (tipping-off); record the grounds in the screening decision';
    const error = new ApiError({
      title: "The request is not valid",
      status: 400,
      detail: message,
      errors: [{ path: "body.investorReason", message }],
    });
    const f = form("APPROVED", { error });
    click(f.radio(/Confirm the match: revokes the approval/));
    const investorReason = f.field(/^Reason for the revocation \(the investor reads it\)$/)!;
    expect(investorReason.getAttribute("aria-invalid")).toBe("true");
    expect(byText(f.c, ".error", message)).toBeDefined();
    expect(byText(f.c, "[role=alert], .alert", /The decision was not recorded/)).toBeDefined();
  });

  it("an exact wallet match cannot be cleared", () => {
    const f = form("APPROVED", { walletHit: true });
    expect(f.radio(/False positive/).disabled).toBe(true);
    expect(byText(f.c, "p", /cannot be cleared/)).toBeDefined();
  });
});
