/**
 * The property status workflow as data: for each move, who may make it and what must be true.
 *   DRAFT -> SUBMITTED -> VERIFIED -> TOKENIZED -> OFFERING -> FUNDED, with REJECTED and ARCHIVED.
 */
import type { PropertyStatus } from "../generated/prisma/client.ts";

export type Mover = "stakeholder" | "officer" | "admin";

export interface Transition {
  from: PropertyStatus;
  to: PropertyStatus;
  /** Who may make the move (admins may always act as stakeholders). */
  by: Mover[];
  reasonRequired?: boolean;
  /** The property's land title must be VERIFIED. */
  requiresVerifiedTitle?: boolean;
}

export const PROPERTY_TRANSITIONS: Transition[] = [
  { from: "DRAFT", to: "SUBMITTED", by: ["stakeholder"] },
  { from: "SUBMITTED", to: "DRAFT", by: ["stakeholder"] },
  { from: "SUBMITTED", to: "VERIFIED", by: ["officer"], requiresVerifiedTitle: true },
  { from: "SUBMITTED", to: "REJECTED", by: ["officer"], reasonRequired: true },
  { from: "REJECTED", to: "DRAFT", by: ["stakeholder"] },
  { from: "VERIFIED", to: "TOKENIZED", by: ["admin"], requiresVerifiedTitle: true },
  { from: "TOKENIZED", to: "OFFERING", by: ["admin"] },
  { from: "OFFERING", to: "FUNDED", by: ["admin"] },
  { from: "DRAFT", to: "ARCHIVED", by: ["stakeholder"] },
  { from: "REJECTED", to: "ARCHIVED", by: ["stakeholder"] },
  { from: "VERIFIED", to: "ARCHIVED", by: ["admin"], reasonRequired: true },
  { from: "FUNDED", to: "ARCHIVED", by: ["admin"], reasonRequired: true },
];

export function findTransition(from: PropertyStatus, to: PropertyStatus): Transition | undefined {
  return PROPERTY_TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** Descriptive fields may be edited only before submission (or after a rejection, to fix them). */
export const EDITABLE_STATUSES: PropertyStatus[] = ["DRAFT", "REJECTED"];
