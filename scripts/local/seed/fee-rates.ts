/**
 * The demo's platform fees (seed/fees.ts sets them; services.ts passes the primary one to the deploy). No runtime
 * imports: `npm start` reads it before the contracts are compiled.
 */
import type { FeeKindName } from "../../ops/fees.operations.js";

/** Basis points per kind (100 = 1 %; the contract's maximum is 500). */
export const DEMO_FEES_BPS: Record<FeeKindName, number> = {
  // On an offering's proceeds, paid as they are released to the treasury.
  primary: 200,
  // The management fee on each rent deposit, before the holders share it.
  rent: 200,
  // On each secondary trade.
  trade: 50,
  // On a sale's proceeds, before the holders redeem.
  exit: 100,
};
