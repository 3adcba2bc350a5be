/** Human labels for what the admin pages show: audit actions, entity kinds, roles, AML risk levels (issue 15). */
import type { components } from "../../api/generated/openapi";
import type { Role } from "../../api/types";

type AuditAction = components["schemas"]["AuditAction"];
import type { BadgeTone } from "../../ui/Badge";

/**
 * Every action the backend records (backend/src/audit/actions.ts, AuditAction in the API contract), as a sentence
 * fragment: exactly those, each once (a missing or left-over label is a type error; labels.test.ts checks they read
 * apart, so the trail's filter never offers two alike).
 */
export const AUDIT_ACTIONS = {
  "aml.list_loaded": "Loaded a sanctions list",
  "aml.match_cleared": "Cleared a possible sanctions match",
  "aml.match_confirmed": "Confirmed a sanctions match",
  "aml.screened": "Screened against the sanctions list",
  "financials.adjustment_drafted": "Drafted a correction of a closed period",
  "financials.line_added": "Added a line to a financial period",
  "financials.line_deleted": "Deleted a line of a financial period",
  "financials.line_updated": "Edited a line of a financial period",
  "financials.period_closed": "Closed a financial period",
  "financials.period_drafted": "Opened a financial period",
  "financials.period_updated": "Edited a financial period",
  "invitation.posted": "Invited an investor to a private placement",
  "kyc.approved": "Approved a KYC application",
  "kyc.document_added": "Added a KYC document",
  "kyc.document_refused": "Refused a KYC document",
  "kyc.document_viewed": "Viewed a KYC document",
  "kyc.expired": "KYC approval expired",
  "kyc.identity_document_shared": "Found an identity document shared with another wallet",
  "kyc.identity_joined": "Joined a wallet to an existing identity",
  "kyc.identity_viewed": "Viewed a KYC application",
  "kyc.info_requested": "Asked for more information",
  "kyc.keys_rotated": "Re-encrypted KYC data with the new key",
  "kyc.rejected": "Rejected a KYC application",
  "kyc.resubmitted": "Resubmitted a KYC application",
  "kyc.review_started": "Started a KYC review",
  "kyc.revoked": "Revoked a KYC approval",
  "kyc.submitted": "Submitted a KYC application",
  "lease.drafted": "Drafted a lease",
  "lease.payment_recorded": "Recorded a rent payment",
  "lease.status_changed": "Changed a lease's status",
  "lease.tenant_contacts_reencrypted": "Re-encrypted tenants' contact details with the new key",
  "notifications.email_set": "Set a notification email address",
  "notifications.email_verified": "Verified a notification email address",
  "property.created": "Created a property",
  "property.document_added": "Added a property document",
  "property.status_changed": "Changed a property's status",
  "property.unit_added": "Added a unit",
  "property.updated": "Edited a property",
  "title.encumbrance_registered": "Registered an encumbrance",
  "title.encumbrance_released": "Released an encumbrance",
  "title.ownership_transferred": "Recorded an ownership transfer",
  "title.recorded": "Recorded a land title",
  "title.rejected": "Rejected a land title",
  "title.updated": "Edited a land title",
  "title.verified": "Verified a land title",
  "user.display_names_reencrypted": "Re-encrypted display names with the new key",
  "user.profile_updated": "Updated a profile",
  "user.registered": "Signed in for the first time",
  "user.roles_changed": "Changed someone's roles",
  "valuation.approved": "Approved a valuation",
  "valuation.recorded": "Recorded a valuation",
  "valuation.rejected": "Rejected a valuation",
} as const satisfies Record<AuditAction, string>;

/** Whether `value` is an action the trail records (a filter value from the page's URL may be anything). */
export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

export const AUDIT_ENTITIES: Record<string, string> = {
  aml_screening: "Sanctions screening",
  kyc_application: "KYC application",
  kyc_document: "KYC document",
  land_title: "Land title",
  lease: "Lease",
  property: "Property",
  sanctions_list_version: "Sanctions list",
  user: "User",
};

/** A code the table above does not know yet still reads as words ("chain.range_synced" → "Chain range synced"). */
function words(code: string): string {
  const text = code.replace(/[._]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const auditActionLabel = (action: string): string =>
  isAuditAction(action) ? AUDIT_ACTIONS[action] : words(action);
export const auditEntityLabel = (entityType: string): string => AUDIT_ENTITIES[entityType] ?? words(entityType);

export const ROLE_LABELS: Record<Role, string> = {
  INVESTOR: "Investor",
  PROPERTY_MANAGER: "Property manager",
  COMPLIANCE_OFFICER: "Compliance officer",
  ADMIN: "Admin",
};

/** Levels of backend/src/aml/risk/risk-score.ts. */
export const RISK_LEVELS: Record<string, { label: string; tone: BadgeTone }> = {
  low: { label: "Low risk", tone: "ok" },
  medium: { label: "Medium risk", tone: "warn" },
  high: { label: "High risk", tone: "bad" },
  critical: { label: "Critical risk", tone: "bad" },
};

export const riskLabel = (level: string | null | undefined): { label: string; tone: BadgeTone } =>
  level
    ? (RISK_LEVELS[level] ?? { label: `${words(level)} risk`, tone: "neutral" })
    : { label: "Not screened", tone: "info" };
