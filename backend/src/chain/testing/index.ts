/**
 * `@freehold/backend/testing`: what other workspaces' tests may use of the backend, by package name (the
 * subgraph's agreement test runs the backend's chain sync beside the subgraph and compares the read models).
 * A narrow, named surface: anything not listed here is the backend's own and may move.
 */
export { startEmbeddedPostgres } from "../../db/embedded.ts";
export { migrate } from "../../db/migrate.ts";
export { createDb } from "../../db/client.ts";
export { createPool } from "../../db/pool.ts";
export { ChainSync } from "../sync/chain-sync.ts";
export { capTable, distributionHistory, offeringProgress, portfolio } from "../sync/read-models.ts";
export { governorOf, proposalsOf } from "../sync/proposals.ts";
export { exitOf } from "../sync/exits.ts";
export { feeRevenue } from "../../fees/service.ts";
