/**
 * The backend's enum values the web lists (selects, checkboxes), from the generated contract: `npm run openapi`
 * has openapi-typescript write each enum of backend/openapi.json as an array too (`enumValues`), in the backend's
 * order. Named here once; no web file writes such a list by hand (contract-guard.test.ts refuses one).
 */
export {
  /** A live application's statuses (backend kyc/workflow.ts LIVE_STATUSES): those a confirmed match closes. */
  amlConfirmationCloseStatusValues as LIVE_KYC_STATUSES,
  kycIdentityDocumentTypeValues as KYC_IDENTITY_DOCUMENT_TYPES,
  kycDocumentStatusValues as KYC_DOCUMENT_STATES,
  pathsKycApplicationsIdDocumentsDocumentIdRefusePostRequestBodyContentApplicationJsonReasonValues as STANDARD_DOCUMENT_REASONS,
  leaseFrequencyValues as RENT_FREQUENCIES,
  pathsAmlScreeningsIdDecisionPostRequestBodyContentApplicationJsonInvestorReasonValues as STANDARD_INVESTOR_REASONS,
  leaseStatusValues as LEASE_STATUSES,
  pathsPropertiesIdDocumentsPostRequestBodyContentMultipartFormDataKindValues as DOCUMENT_KINDS,
  pathsPropertiesIdTitlePostRequestBodyContentApplicationJsonTenureValues as TENURES,
  pathsPropertiesIdValuationsPostRequestBodyContentApplicationJsonKindValues as VALUATION_KINDS,
  pathsPropertiesIdValuationsPostRequestBodyContentApplicationJsonMethodValues as VALUATION_METHODS,
  propertyTypeValues as PROPERTY_TYPES,
  rentPaymentMethodValues as PAYMENT_METHODS,
  roleValues as ROLES,
} from "./generated/openapi";
