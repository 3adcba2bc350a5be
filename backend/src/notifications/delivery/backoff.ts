/** Wait before the next attempt after `attempts` failed ones: base, 2x, 4x ... up to the cap. */
export function backoffMs(attempts: number, baseMs: number, capMs: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^31 already exceeds any cap worth configuring; stop before the float grows without bound
  return Math.min(capMs, baseMs * 2 ** Math.min(exponent, 31));
}
