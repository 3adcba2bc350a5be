/**
 * What officers give the investor to read: reject and revoke reasons, requests for information (kyc/service.ts) and
 * the reason of a confirmed sanctions match that closes an application (aml/screening-service.ts).
 *
 * A confirmed match's reason is one of the standard reasons below, never free text: no list of words can refuse
 * every way of saying "you are on a government list" (browser test 2026-12-06: "the US Treasury bars us from
 * serving" passed the word gate). Officers can give the same standard reasons for their own rejections and
 * revocations, so the texts are no tell. Free text (an officer's own decisions) keeps the word gate, a second line.
 */
import { ValidationError } from "../core/errors.ts";

/**
 * The reasons an investor may read after a confirmed match (and that officers may give for any rejection or
 * revocation): neutral, true of any such decision, and the only ones a confirmed match accepts.
 */
export const STANDARD_INVESTOR_REASONS = [
  "We could not complete your verification",
  "The identity document could not be verified",
  "Your application does not meet our eligibility requirements",
  "Your verification no longer meets our requirements",
] as const;

export type StandardInvestorReason = (typeof STANDARD_INVESTOR_REASONS)[number];

export const isStandardInvestorReason = (text: string): text is StandardInvestorReason =>
  (STANDARD_INVESTOR_REASONS as readonly string[]).includes(text);

/** Refuses anything but a standard reason (400 on `field`). */
export function assertStandardInvestorReason(text: string, field: string): StandardInvestorReason {
  if (isStandardInvestorReason(text)) return text;
  const message = `choose one of the standard reasons for the investor: ${STANDARD_INVESTOR_REASONS.map((r) => `"${r}"`).join(", ")}`;
  throw new ValidationError(message, [{ path: `body.${field}`, message }]);
}

/**
 * Why an officer refused one document (kyc/service.ts `refuseDocument`), as the investor reads it: about the file
 * only, true of any such refusal, and the only reasons a refusal takes. The officer's own grounds go in the
 * refusal's note, which only reviewers read.
 */
export const STANDARD_DOCUMENT_REASONS = [
  "The document is not readable",
  "The document has expired",
  "The document is older than three months",
  "The name or address does not match your application",
  "The document is incomplete: every page or both sides are needed",
  "This is not the kind of document requested",
] as const;

export type StandardDocumentReason = (typeof STANDARD_DOCUMENT_REASONS)[number];

/**
 * Words an officer's free text must not carry: the investor reads them (status, history), and must not learn that a
 * sanctions screening, an AML suspicion or a freeze is behind a decision (issue 12.3, tipping-off). The grounds
 * belong in the screening decision, which only reviewers read. A second line only: it cannot know every paraphrase
 * (the first line is that a confirmed match takes a standard reason). The second group are the paraphrases found
 * in the browser test of 2026-12-06 (a government's list, a designation, a bar on serving, a blocked person).
 */
const TIPPING_OFF = new RegExp(
  [
    String.raw`\b(aml|anti[- ]?money|money[- ]?launder\w*|sanction\w*|screening\w*|watch[- ]?list\w*|ofac|sdn|peps?|politically exposed|freez\w*|frozen|terroris\w*`,
    String.raw`|treasury|designat\w*|ofsi|hmt|embargo\w*|blacklist\w*|black[- ]list\w*|deny[- ]list\w*|denied[- ]part(y|ies)`,
    String.raw`|(government|governmental|official|consolidated|restricted|prohibited|blocked|debarred)(\W+\w+)?\W+(list|lists|persons?|part(y|ies)|entit(y|ies))`,
    String.raw`|blocked|bars?\W+us|barred|debarred|prohibited\W+from)\b`,
  ].join(""),
  "i",
);

/** Refuses investor-visible free text that would tip the investor off. */
export function assertNeutralForInvestor(text: string, field: string): void {
  const word = TIPPING_OFF.exec(text)?.[0];
  if (word === undefined) return;
  const message = `the investor reads this text: it must not mention "${word}" (tipping-off); record the grounds in the screening decision`;
  throw new ValidationError(message, [{ path: `body.${field}`, message }]);
}
