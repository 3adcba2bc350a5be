-- Issue 12.4: one identity document, one identity. A keyed blind index of the identity document (issuing country
-- and number, HMAC-SHA256 under a key derived from the KYC encryption key, prefixed with that key's id) lets the
-- registry find applications that share a document without decrypting anything (src/kyc/document-index.ts).
ALTER TABLE "kyc_applications" ADD COLUMN "documentIndex" TEXT;

CREATE INDEX "kyc_applications_documentIndex_idx" ON "kyc_applications"("documentIndex");
