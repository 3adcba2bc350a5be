/**
 * Issue 16.4, the class: every NotificationEvent has a data schema, a template linking to a page of the web app, and
 * a producer in the code (STATEMENT_READY: the statements job of branch `statements`); for generated data each one
 * renders, its schema refuses fields it does not name (no personal data can ride along), and the email shows the
 * data's values escaped.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { NotificationEvent } from "../generated/prisma/enums.ts";
import { EVENT_DATA, NOTIFICATION_EVENTS, STATEMENT_KINDS, type NotificationOf } from "./events.ts";
import { escapeHtml, renderNotificationEmail, TEMPLATES } from "./templates.ts";

const SRC = join(import.meta.dirname, "..");
/** Produced outside this branch: the statements job (src/statements) notifies STATEMENT_READY. */
const PRODUCED_ELSEWHERE = new Set<string>(["STATEMENT_READY"]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.includes("fixtures") ? [path] : [];
  });
}

const word = fc.string({ minLength: 1, maxLength: 40 });
const decimal = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat(99)).map(([a, b]) => `${a}.${b}`);
const month = fc
  .tuple(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, "0")}`);
const ref = { propertyId: fc.uuid(), propertyName: word.filter((s) => s.trim().length > 0) };
const DATA: { [E in NotificationEvent]: fc.Arbitrary<unknown> } = {
  KYC_DECIDED: fc.record({ decision: fc.constantFrom("APPROVED", "REJECTED") }),
  KYC_MORE_INFO_REQUESTED: fc.constant({}),
  OFFERING_OPENED: fc.record(ref),
  OFFERING_CLOSING_SOON: fc.record({
    ...ref,
    closesAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
  }),
  OFFERING_FUNDED: fc.record(ref),
  OFFERING_FAILED: fc.record(ref),
  UNITS_CLAIMABLE: fc.record(ref),
  RENT_CLAIMABLE: fc.record(
    { ...ref, amount: decimal, currency: fc.constantFrom("EUR", "USD"), period: month },
    { requiredKeys: ["propertyId", "propertyName", "amount", "currency"] },
  ),
  CAPITAL_RETURNED: fc.record({ ...ref, amount: decimal, currency: fc.constantFrom("EUR", "USD") }),
  ORDER_FILLED: fc.record(
    {
      ...ref,
      units: fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String),
      side: fc.constantFrom("SELL", "BUY"),
      remaining: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
    },
    { requiredKeys: ["propertyId", "propertyName", "units", "side"] },
  ),
  STATEMENT_READY: fc.record({
    statementId: fc.uuid(),
    period: fc.oneof(month, fc.constant("2026-Q1"), fc.constant("2026")),
    kind: fc.constantFrom(...STATEMENT_KINDS),
  }),
  RENT_OVERDUE: fc.record({
    ...ref,
    leaseId: fc.uuid(),
    dueDate: fc.constant("2026-01-05"),
    outstanding: decimal,
    currency: fc.constant("EUR"),
  }),
  INVESTOR_KYC_BLOCKED: fc.record(ref),
  PERIOD_TO_CLOSE: fc.record({ ...ref, period: month }),
  VOTE_OPENED: fc.record({
    ...ref,
    proposalKind: fc.constantFrom("sale", "refinance", "decision"),
    endsAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
  }),
  VOTE_DECIDED: fc.record({ ...ref, proposalKind: fc.constantFrom("sale", "decision"), approved: fc.boolean() }),
  PROCEEDS_DEPOSITED: fc.record({
    ...ref,
    units: fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String),
    amount: decimal,
    currency: fc.constant("EUR"),
  }),
  REDEMPTION_PAID: fc.record({
    ...ref,
    units: fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String),
    amount: decimal,
    currency: fc.constant("USD"),
  }),
};
/** The pages of the web app (web/src/app/routes.tsx) a notification may link to. */
const PAGES = [
  /^\/kyc$/,
  /^\/portfolio(#statements)?$/,
  /^\/properties\/[0-9a-f-]{36}$/,
  /^\/manage\/properties\/[0-9a-f-]{36}$/,
];

describe("16.4 every notification event", () => {
  it("has a schema, a template and a producer in the code", () => {
    assert.deepEqual([...NOTIFICATION_EVENTS].sort(), Object.values(NotificationEvent).sort());
    const code = sources(SRC)
      .filter((f) => !f.endsWith("notifications/events.ts") && !f.endsWith("notifications/templates.ts"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    for (const event of NOTIFICATION_EVENTS) {
      assert.ok(EVENT_DATA[event] && TEMPLATES[event], event);
      if (!PRODUCED_ELSEWHERE.has(event)) assert.ok(code.includes(`"${event}"`), `${event} has a producer`);
    }
  });

  it("renders generated data escaped, links to a page of the app, and refuses a field its schema does not name", () => {
    for (const event of NOTIFICATION_EVENTS) {
      fc.assert(
        fc.property(DATA[event], fc.emailAddress(), (data, email) => {
          const parsed = EVENT_DATA[event].parse(data);
          assert.ok(
            PAGES.some((p) => p.test(TEMPLATES[event].link(parsed as never))),
            event,
          );
          const out = renderNotificationEmail({ event, data: parsed } as NotificationOf, {
            webOrigin: "https://f.example",
            unsubscribeUrl: "https://f.example/u",
          });
          assert.ok(!out.html.includes("<script") && !out.subject.includes("\n"));
          const name = (parsed as { propertyName?: string }).propertyName;
          if (name) assert.ok(out.text.includes(name) && out.html.includes(escapeHtml(name)), "the name, escaped");
          assert.equal(EVENT_DATA[event].safeParse({ ...(parsed as object), email }).success, false, "no extra field");
        }),
        { numRuns: 30 },
      );
    }
  });
});

describe("ORDER_FILLED says whether the sell order is done (review 2026-12-06 L6: a fill of 5 of 20 units read 'Sell order filled')", () => {
  const ref = { propertyId: "00000000-0000-4000-8000-000000000001", propertyName: "Harbour View" };
  const subject = (data: Record<string, string>) =>
    TEMPLATES.ORDER_FILLED.subject(EVENT_DATA.ORDER_FILLED.parse(data) as never);
  it("a fill that leaves units for sale is 'partly filled' and says how many are left", () => {
    const data = { ...ref, units: "5", side: "SELL", remaining: "15" };
    assert.equal(subject(data), "Sell order partly filled: Harbour View");
    assert.match(
      TEMPLATES.ORDER_FILLED.paragraphs(EVENT_DATA.ORDER_FILLED.parse(data) as never).join(" "),
      /15 units are still for sale/,
    );
  });
  it("class: 'filled' exactly when nothing is left for sale (or the notice predates the count)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n })),
        (units, left) => {
          const data = {
            ...ref,
            units: String(units),
            side: "SELL",
            ...(left === null ? {} : { remaining: String(left) }),
          };
          assert.equal(subject(data).startsWith("Sell order filled"), left === null || left === 0n);
        },
      ),
    );
  });
});
