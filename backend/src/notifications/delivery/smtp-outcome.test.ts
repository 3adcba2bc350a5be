/** Issue 16.4: which SMTP failures may be retried (certainly not delivered) and which may have left (UNKNOWN). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { classifySmtpFailure } from "./smtp-outcome.ts";

const err = (fields: Record<string, unknown>) => Object.assign(new Error("550 <victim@example.com> unknown"), fields);

describe("16.4 SMTP failure classes", () => {
  it("a reply is a refusal (4xx retry, 5xx permanent); no connection is a retry; a break after DATA is unknown", () => {
    assert.equal(classifySmtpFailure(err({ responseCode: 451, command: "RCPT TO", code: "EENVELOPE" })).kind, "retry");
    assert.equal(classifySmtpFailure(err({ responseCode: 421, command: "DATA", code: "EMESSAGE" })).kind, "retry");
    assert.equal(classifySmtpFailure(err({ responseCode: 550, command: "DATA", code: "EMESSAGE" })).kind, "permanent");
    assert.equal(classifySmtpFailure(err({ code: "ESOCKET", command: "CONN" })).kind, "retry");
    assert.equal(classifySmtpFailure(err({ code: "ETIMEDOUT", command: "MAIL FROM" })).kind, "retry");
    assert.equal(classifySmtpFailure(err({ code: "ETIMEDOUT", command: "DATA" })).kind, "unknown");
    assert.equal(classifySmtpFailure(err({ code: "ESOCKET" })).kind, "unknown");
    assert.equal(classifySmtpFailure(undefined).kind, "unknown");
  });

  it("property: the summary never carries the server's text (which may quote the recipient)", () => {
    fc.assert(
      fc.property(
        fc.record({
          responseCode: fc.option(fc.integer({ min: 400, max: 599 }), { nil: undefined }),
          code: fc.option(fc.string(), { nil: undefined }),
          command: fc.option(fc.constantFrom("CONN", "EHLO", "MAIL FROM", "RCPT TO", "DATA", "API"), {
            nil: undefined,
          }),
          response: fc.emailAddress(),
        }),
        (fields) => {
          const { summary } = classifySmtpFailure(Object.assign(new Error(fields.response), fields));
          assert.ok(!summary.includes("@"), summary);
          assert.match(summary, /^[A-Za-z0-9 _(),]+$/);
        },
      ),
    );
  });
});
