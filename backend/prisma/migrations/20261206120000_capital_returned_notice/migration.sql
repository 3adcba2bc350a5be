-- Capital returned by a refinance (the distributor's CapitalDeposited) is told to the token's holders like a rent
-- deposit, as its own event: its own words and its own email preference (src/chain/sync/notices.ts).
ALTER TYPE "NotificationEvent" ADD VALUE IF NOT EXISTS 'CAPITAL_RETURNED' AFTER 'RENT_CLAIMABLE';
