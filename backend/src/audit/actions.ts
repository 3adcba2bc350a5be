/**
 * Every action the audit trail records, in `entity.verb` form. `recordAudit` refuses any other (a new action is added
 * here first; every test that records it fails until then), the trail's `action` filter accepts only these, and the
 * OpenAPI document lists them, so the web's labels and filter cover exactly them (a label missing or left over is a
 * type error there: web/src/pages/admin/labels.ts).
 */
import { z } from "zod";

export const AUDIT_ACTIONS = [
  "aml.list_loaded",
  "aml.match_cleared",
  "aml.match_confirmed",
  "aml.screened",
  "financials.adjustment_drafted",
  "financials.line_added",
  "financials.line_deleted",
  "financials.line_updated",
  "financials.period_closed",
  "financials.period_drafted",
  "financials.period_updated",
  "invitation.posted",
  "kyc.approved",
  "kyc.document_added",
  "kyc.document_refused",
  "kyc.document_viewed",
  "kyc.expired",
  "kyc.identity_document_shared",
  "kyc.identity_joined",
  "kyc.identity_viewed",
  "kyc.info_requested",
  "kyc.keys_rotated",
  "kyc.rejected",
  "kyc.resubmitted",
  "kyc.review_started",
  "kyc.revoked",
  "kyc.submitted",
  "lease.drafted",
  "lease.payment_recorded",
  "lease.status_changed",
  "lease.tenant_contacts_reencrypted",
  "notifications.email_set",
  "notifications.email_verified",
  "property.created",
  "property.document_added",
  "property.status_changed",
  "property.unit_added",
  "property.updated",
  "title.encumbrance_registered",
  "title.encumbrance_released",
  "title.ownership_transferred",
  "title.recorded",
  "title.rejected",
  "title.updated",
  "title.verified",
  "user.display_names_reencrypted",
  "user.profile_updated",
  "user.registered",
  "user.roles_changed",
  "valuation.approved",
  "valuation.recorded",
  "valuation.rejected",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: "AuditAction" });

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** Whether `action` is one of {@link AUDIT_ACTIONS}. */
export const isAuditAction = (action: string): action is AuditAction => KNOWN.has(action);
