/**
 * Which wallets to offer: every EIP-6963 wallet the browser announced, plus the plain injected provider only when
 * no announced wallet exists (it is usually the same wallet under a generic name).
 */
export interface WalletOption {
  id: string;
  name: string;
  icon?: string | undefined;
  type: string;
}

export function walletOptions<T extends WalletOption>(connectors: readonly T[]): T[] {
  const announced = connectors.filter((c) => c.id !== "injected");
  const fallback = connectors.filter((c) => c.id === "injected");
  return announced.length > 0 ? [...announced] : fallback;
}
