/** The exit's arithmetic (PropertyExit, issue 19), as the contract does it, so the amount shown before signing is paid. */

/** What `units` redeem for: `units x proceeds / supplyAtClose`, rounded down (`PropertyExit.redeem`, `payoutOf`). */
export function payoutFor(units: bigint, proceeds: bigint, supplyAtClose: bigint): bigint {
  return supplyAtClose === 0n ? 0n : (units * proceeds) / supplyAtClose;
}

/** Where redemptions stand: units burned and not yet, money paid and still owed to the holders who have not redeemed. */
export function redemptionProgress(
  sale: { proceeds: bigint; supplyAtClose: bigint; paidOut: bigint },
  redemptions: readonly { units: bigint }[],
): { unitsRedeemed: bigint; unitsLeft: bigint; paidOut: bigint; owed: bigint } {
  const unitsRedeemed = redemptions.reduce((sum, r) => sum + r.units, 0n);
  return {
    unitsRedeemed,
    unitsLeft: sale.supplyAtClose - unitsRedeemed,
    paidOut: sale.paidOut,
    owed: sale.proceeds - sale.paidOut,
  };
}
