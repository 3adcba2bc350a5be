-- Issue 19: the exit. A sale's proceeds deposited on the property's exit move it FUNDED -> EXITED (chain-driven,
-- properties/workflow.ts CHAIN_TRANSITIONS); holders are told about votes and their payouts.
ALTER TYPE "PropertyStatus" ADD VALUE IF NOT EXISTS 'EXITED' AFTER 'FUNDED';

ALTER TYPE "NotificationEvent" ADD VALUE IF NOT EXISTS 'VOTE_OPENED';
ALTER TYPE "NotificationEvent" ADD VALUE IF NOT EXISTS 'VOTE_DECIDED';
ALTER TYPE "NotificationEvent" ADD VALUE IF NOT EXISTS 'PROCEEDS_DEPOSITED';
ALTER TYPE "NotificationEvent" ADD VALUE IF NOT EXISTS 'REDEMPTION_PAID';
