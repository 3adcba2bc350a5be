import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { chainKeys } from "../api/queryKeys";
import { useAppConfig } from "../app/AppConfigContext";

/**
 * The latest block's time (unix seconds), re-read every few seconds: votes end by the chain's clock, which a test
 * chain moves and a real one keeps a little behind the reader's. `undefined` until the first read.
 */
export function useChainNow(): number | undefined {
  const { chainId } = useAppConfig();
  const client = usePublicClient({ chainId });
  const block = useQuery({
    queryKey: chainKeys.now(chainId),
    enabled: Boolean(client),
    refetchInterval: 5_000,
    queryFn: async () => Number((await client!.getBlock()).timestamp),
  });
  return block.data;
}
