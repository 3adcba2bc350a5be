/**
 * Turns the token's compliance verdict (ERC-1400 reason code + bytes32 reason, from `canTransfer`,
 * `canTransferByPartition` or `canIssueByPartition`) into words an investor can act on, before they pay.
 * The codes and reasons come from the generated table (complianceCodes.generated.ts, built from the contracts by
 * `npm run compile`); the words are written here, one entry per reason (a test checks none is missing).
 */
import { hexToString, type Hex } from "viem";
import { REASONS, STATUS, STATUS_TABLE, type Reason } from "./complianceCodes.generated";

export { REASONS, STATUS };

export type Party = "receiver" | "sender";

export interface Verdict {
  /** ERC-1400 reason code, `bytes1` as hex (`0x51`): ERC-1400's meaning, not EIP-1066's (docs/design/contracts.md). */
  code: Hex;
  /** ASCII reason as `bytes32` hex (`RECEIVER_NOT_VERIFIED`, zero-padded). */
  reason: Hex;
}

export interface Explanation {
  allowed: boolean;
  /** One short sentence: what the rules say. */
  title: string;
  /** What to do about it, if anything can be done. */
  action: string;
  /** Where to go to fix it, when the app has a page for that. */
  fix?: "kyc" | "support";
  /** The raw code and reason, for support tickets and logs: never shown to investors. */
  technical: string;
}

/** The bytes32 reason as text (`0x5245...00` -> `RECEIVER_NOT_VERIFIED`). */
export function reasonText(reason: Hex): string {
  if (!/^0x[0-9a-fA-F]*$/.test(reason) || /^0x0*$/.test(reason)) return "";
  try {
    return hexToString(reason, { size: 32 })
      .replace(/\0+$/, "")
      .replace(/[^\x20-\x7e]/g, "");
  } catch {
    return "";
  }
}

interface Message {
  title: string;
  action: string;
  fix?: Explanation["fix"];
}

/** Phrase for whoever the rule is about: the user ("you") or the other side of the trade. */
const whose = (party: Party, about: Party, mine: string, theirs: string): string => (party === about ? mine : theirs);

/**
 * The one message of a wallet the registry does not let hold or move units right now, from `party`'s point of view
 * (`about` is the wallet the rule is about): the same words for an unverified, lapsed, removed or frozen wallet.
 */
function notEligible(party: Party, about: Party): Message {
  if (party === about)
    return {
      title: "Your wallet is not eligible to hold or trade these units right now.",
      action:
        "Your verification page shows where your verification stands and what to do next. Contact support if it says you are verified.",
      fix: "kyc",
    };
  return about === "receiver"
    ? {
        title: "The buyer's wallet is not eligible to hold these units right now.",
        action: "This order cannot settle until it is.",
      }
    : {
        title: "The seller's wallet is not eligible to trade these units right now.",
        action: "This order cannot settle until it is.",
      };
}

/** The reasons in contracts/token/ComplianceCodes.sol, from the point of view of the user's `party`. */
const BY_REASON: Record<Exclude<Reason, "OK">, (party: Party) => Message> = {
  TRANSFERS_PAUSED: () => ({
    title: "Transfers of this property's units are paused right now.",
    action: "The issuer paused the token. Nothing is charged; try again once trading resumes.",
    fix: "support",
  }),
  // A wallet the registry does not verify (never verified, lapsed, removed) and a frozen one read alike, whoever
  // reads it: naming a freeze, or a difference between them, would tell the investor that compliance acts on them
  // (tipping-off, browser test 2026-12-06). The verification page says what the investor can do.
  RECEIVER_NOT_VERIFIED: (p) => notEligible(p, "receiver"),
  SENDER_NOT_VERIFIED: (p) => notEligible(p, "sender"),
  RECEIVER_FROZEN: (p) => notEligible(p, "receiver"),
  SENDER_FROZEN: (p) => notEligible(p, "sender"),
  INVALID_RECEIVER: () => ({ title: "Units cannot be sent to this address.", action: "Check the receiving address." }),
  COUNTRY_RESTRICTED: (p) => ({
    title: whose(
      p,
      "receiver",
      "This offering is not open to residents of your country.",
      "This property cannot be sold to the buyer's country.",
    ),
    action: "Securities rules limit who may hold this property. Nothing was charged.",
  }),
  RECEIVER_NOT_ACCREDITED: (p) => ({
    title: whose(
      p,
      "receiver",
      "These units are reserved for accredited investors.",
      "The buyer is not an accredited investor.",
    ),
    action: whose(
      p,
      "receiver",
      "If you are accredited, update your KYC profile with proof of accreditation.",
      "Only accredited investors can receive these units.",
    ),
    fix: p === "receiver" ? "kyc" : undefined,
  }),
  MAX_HOLDERS_REACHED: () => ({
    title: "This property has reached its maximum number of investors.",
    action: "New investors can join only when an existing holder sells all their units.",
  }),
  MAX_BALANCE_EXCEEDED: (p) => ({
    title: whose(
      p,
      "receiver",
      "This amount would take you over the per-investor limit.",
      "This amount would take the buyer over the per-investor limit.",
    ),
    action: "Choose a smaller amount.",
  }),
  PARTITION_LOCKED: () => ({
    title: "These units are still in their lock-up period.",
    action: "They can be sold once the lock-up ends; the date is shown in your portfolio.",
  }),
  INSUFFICIENT_BALANCE: () => ({
    title: "There are not enough units for this amount.",
    action: "Choose a smaller amount.",
  }),
  TOKENS_FROZEN_OR_HELD: (p) => ({
    title: whose(
      p,
      "sender",
      "Some of your units are locked or reserved by an open sell order.",
      "Part of the seller's units are locked or reserved.",
    ),
    action: whose(p, "sender", "Choose a smaller amount, or cancel an open order first.", "Choose a smaller amount."),
  }),
  REDEMPTION_CLOSED: () => ({
    title: "Holders cannot redeem units of this property themselves.",
    action: "The issuer redeems all units at the property's exit; until then units can be sold to other investors.",
  }),
  ISSUANCE_FINALIZED: () => ({
    title: "This property issues no new units any more.",
    action: "Units can still be bought from other investors on the secondary market.",
  }),
  SUPPLY_LIMIT: () => ({
    title: "This amount would exceed the property's total number of units.",
    action: "Choose a smaller amount.",
  }),
  INSUFFICIENT_ALLOWANCE: () => ({
    title: "The allowance for this transfer is too small.",
    action: "Approve the amount first, then try again.",
  }),
  NOT_OPERATOR: () => ({
    title: "This wallet may not move units on the holder's behalf.",
    action: "Ask the holder to authorise it.",
  }),
};

/** Reasons not (yet) in the table above are matched by meaning, so a new reason still reads sensibly. */
const BY_KEYWORD: [RegExp, string][] = [
  [/PAUSE|HALT/, "TRANSFERS_PAUSED"],
  [/RECEIVER.*FROZEN/, "RECEIVER_FROZEN"],
  [/FROZEN|HELD/, "SENDER_FROZEN"],
  [/SENDER.*(VERIF|KYC|EXPIRED)/, "SENDER_NOT_VERIFIED"],
  [/VERIF|WHITELIST|IDENTITY|KYC/, "RECEIVER_NOT_VERIFIED"],
  [/ACCREDIT/, "RECEIVER_NOT_ACCREDITED"],
  [/COUNTRY|JURISDICTION/, "COUNTRY_RESTRICTED"],
  [/HOLDERS/, "MAX_HOLDERS_REACHED"],
  [/MAX_BALANCE|BALANCE_LIMIT/, "MAX_BALANCE_EXCEEDED"],
  [/LOCK/, "PARTITION_LOCKED"],
  [/BALANCE/, "INSUFFICIENT_BALANCE"],
];

/** Whether `reason` has its own message (every reason of the generated table must). */
export function hasMessageFor(reason: string): boolean {
  return reason in BY_REASON;
}

function messageFor(reason: string, party: Party): Message | undefined {
  const exact = (BY_REASON as Record<string, (party: Party) => Message>)[reason];
  if (exact) return exact(party);
  const similar = BY_KEYWORD.find(([pattern]) => pattern.test(reason))?.[1];
  return similar ? (BY_REASON as Record<string, (party: Party) => Message>)[similar]?.(party) : undefined;
}

const BY_CODE: Record<string, Message> = {
  [STATUS.INSUFFICIENT_BALANCE]: {
    title: "There are not enough units for this amount.",
    action: "Choose a smaller amount.",
  },
  [STATUS.INSUFFICIENT_ALLOWANCE]: {
    title: "The allowance for this transfer is too small.",
    action: "Approve the amount first, then try again.",
  },
  [STATUS.TRANSFERS_HALTED]: {
    title: "Transfers of this property's units are paused right now.",
    action: "Nothing is charged; try again once trading resumes.",
    fix: "support",
  },
  [STATUS.FUNDS_LOCKED]: {
    title: "These units are locked right now.",
    action: "They can move once the lock ends; your portfolio shows the date.",
  },
  [STATUS.INVALID_SENDER]: {
    title: "The sending wallet is not allowed to transfer these units.",
    action: "Contact support.",
    fix: "support",
  },
  [STATUS.INVALID_RECEIVER]: {
    title: "The receiving wallet is not allowed to hold these units.",
    action: "The receiver must be a verified investor eligible for this property.",
  },
  [STATUS.INVALID_OPERATOR]: {
    title: "This wallet may not move units on the holder's behalf.",
    action: "Ask the holder to authorise it.",
  },
};

/** The generated status table's words for an ERC-1400 code ("transfer failure"), for codes without a message of their own. */
export function codeSentence(code: string): string {
  const entry = Object.values(STATUS_TABLE).find((e) => e.code === code.toLowerCase());
  return entry ? entry.erc1400 : "an unrecognised answer from the token";
}

/** Explains a compliance verdict from the point of view of `party` (the user is receiving or sending). */
export function explainVerdict(verdict: Verdict, party: Party = "receiver"): Explanation {
  const code = verdict.code.toLowerCase();
  const reason = reasonText(verdict.reason);
  const technical = `ERC-1400 ${code}${reason ? ` ${reason}` : ""}`;
  if (code === STATUS.SUCCESS) {
    return { allowed: true, title: "You are eligible.", action: "The compliance rules allow this amount.", technical };
  }
  const message: Message = (reason ? messageFor(reason.toUpperCase(), party) : undefined) ??
    BY_CODE[code] ?? {
      title: `The compliance rules do not allow this transaction (${codeSentence(code)}).`,
      action: "Nothing was charged. Contact support if you think this is wrong.",
      fix: "support",
    };
  return { allowed: false, ...message, technical };
}

/**
 * The units to ask the token's `canIssueByPartition` about before a subscription of `units`: the identity's whole
 * subscription including this ticket, as the offering asks it (`PropertyOffering._eligibleIdentity`: `identityUnits +
 * units`), so a balance limit the identity's earlier tickets already use is seen before paying. Nothing typed yet
 * (`units` 0): the subscription plus the smallest ticket.
 */
export function unitsToIssue(identitySubscribed: bigint, units: bigint): bigint {
  return identitySubscribed + (units > 0n ? units : 1n);
}
