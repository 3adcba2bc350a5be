-- The review queue flags each application's identity hold (kyc/service.ts ATTENTION_COLUMNS): it finds the wallets
-- registered under an identity by the outbox's identity column, which had no index (every row of the page read the
-- whole outbox).
CREATE INDEX "onchain_identity_changes_identity_idx" ON "onchain_identity_changes"("identity");
