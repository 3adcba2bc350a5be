/**
 * The events that reach a person and what each carries. The data is what the templates show and must never hold
 * personal data (no names, emails, addresses of people, AML reasons): ids, property names, periods and amounts
 * as decimal strings. Each event's schema is checked when it is notified, so a producer cannot store anything else.
 */
import { z } from "zod";
import { StatementKind, type NotificationEvent } from "../generated/prisma/enums.ts";

const PropertyRef = { propertyId: z.uuid(), propertyName: z.string().min(1).max(200) };
/** An amount in the property's currency: a decimal string (never a float). */
const Amount = z.string().regex(/^\d{1,18}(\.\d{1,18})?$/, "a non-negative decimal string");
/** Whole units of a property token. */
const Units = z.string().regex(/^[1-9]\d{0,29}$/, "a positive whole number");
const UnitsOrNone = z.string().regex(/^(0|[1-9]\d{0,29})$/, "a whole number");
/** The kinds of investor statement (issue 16.3): the statements table's enum, so the two can never disagree. */
export const STATEMENT_KINDS = Object.values(StatementKind);
const ProposalKind = z.enum(["sale", "refinance", "managerChange", "capitalExpenditure", "decision", "unknown"]);
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month, YYYY-MM");

export const EVENT_DATA = {
  KYC_DECIDED: z.object({ decision: z.enum(["APPROVED", "REJECTED"]) }).strict(),
  KYC_MORE_INFO_REQUESTED: z.object({}).strict(),
  OFFERING_OPENED: z.object(PropertyRef).strict(),
  OFFERING_CLOSING_SOON: z.object({ ...PropertyRef, closesAt: z.iso.datetime() }).strict(),
  OFFERING_FUNDED: z.object(PropertyRef).strict(),
  OFFERING_FAILED: z.object(PropertyRef).strict(),
  UNITS_CLAIMABLE: z.object(PropertyRef).strict(),
  // The deposit's total (the event's amount); the month of the closed period whose statement it names, if one does.
  RENT_CLAIMABLE: z
    .object({ ...PropertyRef, amount: Amount, currency: z.string().length(3), period: Period.optional() })
    .strict(),
  // Capital returned by a refinance the holders approved (the distributor's CapitalDeposited), claimable like rent: the
  // deposit's total, as for rent. No period: it pays out no month's statement.
  CAPITAL_RETURNED: z.object({ ...PropertyRef, amount: Amount, currency: z.string().length(3) }).strict(),
  // Told to the order's seller (SELL) and to the buyer (BUY).
  // remaining: units of the order still for sale after this fill (absent in notices stored before it was recorded).
  ORDER_FILLED: z
    .object({ ...PropertyRef, units: Units, side: z.enum(["SELL", "BUY"]), remaining: UnitsOrNone.optional() })
    .strict(),
  // Produced by the statements job (src/statements): the statement, its period's label ("2026-03", "2026-Q1", "2026").
  STATEMENT_READY: z
    .object({ statementId: z.uuid(), period: z.string().min(4).max(20), kind: z.enum(StatementKind) })
    .strict(),
  RENT_OVERDUE: z
    .object({
      ...PropertyRef,
      leaseId: z.uuid(),
      dueDate: z.iso.date(),
      outstanding: Amount,
      currency: z.string().length(3),
    })
    .strict(),
  // Tipping off: only that a verification in their offering is on hold, never who or why.
  INVESTOR_KYC_BLOCKED: z.object(PropertyRef).strict(),
  PERIOD_TO_CLOSE: z.object({ ...PropertyRef, period: Period }).strict(),
  // Holder votes and the exit (issue 19), told to the property's holders: a vote opened (its kind, when it ends), its
  // recorded outcome; a sale's proceeds deposited (what the holder's units redeem for), a redemption paid.
  VOTE_OPENED: z.object({ ...PropertyRef, proposalKind: ProposalKind, endsAt: z.iso.datetime() }).strict(),
  VOTE_DECIDED: z.object({ ...PropertyRef, proposalKind: ProposalKind, approved: z.boolean() }).strict(),
  PROCEEDS_DEPOSITED: z
    .object({ ...PropertyRef, units: Units, amount: Amount, currency: z.string().length(3) })
    .strict(),
  REDEMPTION_PAID: z.object({ ...PropertyRef, units: Units, amount: Amount, currency: z.string().length(3) }).strict(),
} as const satisfies Record<NotificationEvent, z.ZodType>;

export type EventData<E extends NotificationEvent> = z.infer<(typeof EVENT_DATA)[E]>;

export const NOTIFICATION_EVENTS = Object.keys(EVENT_DATA) as NotificationEvent[];

/** What every notified event's row holds: the event and its data, typed together. */
export type NotificationOf = { [E in NotificationEvent]: { event: E; data: EventData<E> } }[NotificationEvent];
