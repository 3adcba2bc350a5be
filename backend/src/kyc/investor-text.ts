/**
 * The gate on what officers write for the investor to read: reject and revoke reasons, requests for information
 * (kyc/service.ts) and the reason of a confirmed sanctions match that closes an application
 * (aml/screening-service.ts). One gate for all of them, so an AML closure reads like an officer's (issue 12.3).
 */
import { ValidationError } from "../core/errors.ts";

/**
 * Words an officer's reason or request must not carry: the investor reads them (status, history), and must not
 * learn that a sanctions screening, an AML suspicion or a freeze is behind a decision (issue 12.3, tipping-off).
 * The grounds belong in the screening decision, which only reviewers read.
 */
const TIPPING_OFF =
  /\b(aml|anti[- ]?money|money[- ]?launder\w*|sanction\w*|screening\w*|watch[- ]?list\w*|ofac|sdn|peps?|politically exposed|freez\w*|frozen|terroris\w*)\b/i;

/** Refuses investor-visible text that would tip the investor off. */
export function assertNeutralForInvestor(text: string, field: string): void {
  const word = TIPPING_OFF.exec(text)?.[0];
  if (word === undefined) return;
  const message = `the investor reads this text: it must not mention "${word}" (tipping-off); record the grounds in the screening decision`;
  throw new ValidationError(message, [{ path: `body.${field}`, message }]);
}
