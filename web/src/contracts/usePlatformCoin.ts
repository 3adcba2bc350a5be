/**
 * The platform's payment token from the deployment record alone. A module of its own, apart from the chain reads of
 * useStablecoin.ts: the marketplace (the first page most visitors load) needs only this, and importing it from there
 * pulled the contracts' ABIs and viem's encoders into its initial JavaScript (42 KB gzipped, web/scripts/bundle.ts).
 */
import { useAppConfig } from "../app/AppConfigContext";
import { platformPaymentToken, type StablecoinFacts } from "./paymentToken";

/** The platform's payment token as the deployment record names it (symbol, decimals), without a chain read. */
export function usePlatformCoin(): StablecoinFacts | undefined {
  const { chainId } = useAppConfig();
  const recorded = platformPaymentToken(chainId);
  return recorded ? { symbol: recorded.symbol, decimals: recorded.decimals, permit: recorded.permit } : undefined;
}
