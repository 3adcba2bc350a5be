/** Human labels for what the admin pages show: audit actions, entity kinds, roles, AML risk levels (issue 15). */
import type { Role } from "../../api/types";
import type { BadgeTone } from "../../ui/Badge";

/** Every action the backend records (backend/src/**: recordAudit), as a sentence fragment. */
export const AUDIT_ACTIONS: Record<string, string> = {
  "aml.cleared": "Cleared a sanctions screening",
  "aml.confirmed": "Confirmed a sanctions match",
  "aml.hit": "Sanctions screening raised a possible match",
  "aml.list_loaded": "Loaded a sanctions list",
  "aml.match_cleared": "Cleared a possible sanctions match",
  "aml.match_confirmed": "Confirmed a sanctions match",
  "aml.screened": "Screened against the sanctions list",
  "kyc.approved": "Approved a KYC application",
  "kyc.document_added": "Added a KYC document",
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
  "property.created": "Created a property",
  "property.document_added": "Added a property document",
  "property.status_changed": "Changed a property's status",
  "property.unit_added": "Added a unit",
  "property.updated": "Edited a property",
  "property.valuation_recorded": "Recorded a valuation",
  "title.encumbrance_registered": "Registered an encumbrance",
  "title.encumbrance_released": "Released an encumbrance",
  "title.ownership_transferred": "Recorded an ownership transfer",
  "title.recorded": "Recorded a land title",
  "title.rejected": "Rejected a land title",
  "title.updated": "Edited a land title",
  "title.verified": "Verified a land title",
  "user.profile_updated": "Updated a profile",
  "user.registered": "Signed in for the first time",
  "user.roles_changed": "Changed someone's roles",
};

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

export const auditActionLabel = (action: string): string => AUDIT_ACTIONS[action] ?? words(action);
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
