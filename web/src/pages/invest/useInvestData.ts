/** Everything the invest page reads from chain for one investor and one offering (typed from the generated ABIs). */
import { zeroAddress, type Address } from "viem";
import { useBlock, useReadContract } from "wagmi";
import { useAppConfig } from "../../app/AppConfigContext";
import { offeringStateFromIndex, type OfferingTerms } from "../../compliance/offeringLimits";
import { useContractRead } from "../../contracts/hooks";
import { erc20Abi } from "../../contracts/paymentToken";
import { useStablecoin } from "../../contracts/useStablecoin";
import type { Launched } from "./useOfferingAddress";

const POLL = 3_000;

export function useInvestData(launched: Launched, me: Address | undefined) {
  const { chainId } = useAppConfig();
  const offering = launched.offering;
  const enabledForMe = Boolean(me);
  const terms = useContractRead({ contractName: "PropertyOffering", address: offering, functionName: "terms" });
  const state = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "state",
    refetchInterval: POLL,
  });
  const unitsSold = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "unitsSold",
    refetchInterval: POLL,
  });
  const mine = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "subscribedUnitsOf",
    args: [me ?? zeroAddress],
    enabled: enabledForMe,
  });
  const settled = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "isSettled",
    args: [me ?? zeroAddress],
    enabled: enabledForMe,
  });
  // What this wallet paid, each unit at its own price (an invitation's may differ from the public one): what a refund
  // returns and what its escrow holds. Units x the public price is wrong for an invited buyer.
  const paid = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "paidBy",
    args: [me ?? zeroAddress],
    enabled: enabledForMe,
  });
  const identity = useContractRead({
    contractName: "IdentityRegistry",
    functionName: "identityOf",
    args: [me ?? zeroAddress],
    enabled: enabledForMe,
  });
  const identityKey = identity.data && identity.data !== zeroAddress ? identity.data : undefined;
  const byIdentity = useContractRead({
    contractName: "PropertyOffering",
    address: offering,
    functionName: "subscribedUnitsOfIdentity",
    args: [identityKey ?? zeroAddress],
    enabled: Boolean(identityKey),
  });
  const payment = terms.data?.paymentToken;
  // The offering's own payment token, through the standard ERC-20 ABI (symbol, decimals, permit from the record).
  const coin = useStablecoin(payment);
  const balance = useReadContract({
    abi: erc20Abi,
    address: payment,
    functionName: "balanceOf",
    args: [me ?? zeroAddress],
    chainId,
    query: { enabled: Boolean(payment && me), refetchInterval: POLL },
  });
  const allowance = useReadContract({
    abi: erc20Abi,
    address: payment,
    functionName: "allowance",
    args: [me ?? zeroAddress, offering],
    chainId,
    query: { enabled: Boolean(payment && me) },
  });
  const block = useBlock({ watch: true });

  const t = terms.data;
  const offeringTerms: OfferingTerms | undefined =
    t && state.data !== undefined && unitsSold.data !== undefined
      ? {
          state: offeringStateFromIndex(Number(state.data)),
          startTime: Number(t.startTime),
          endTime: Number(t.endTime),
          hardCap: BigInt(t.hardCap),
          unitsSold: unitsSold.data,
          minTicket: BigInt(t.minTicket),
          maxTicket: BigInt(t.maxTicket),
        }
      : undefined;

  return {
    raw: t,
    terms: offeringTerms,
    pricePerUnit: t ? BigInt(t.pricePerUnit) : undefined,
    softCap: t ? BigInt(t.softCap) : undefined,
    partition: t?.partition,
    paymentToken: payment,
    mySubscribed: mine.data ?? 0n,
    /** `paidBy(me)`: undefined until read. */
    myPaid: paid.data,
    identitySubscribed: identityKey ? (byIdentity.data ?? 0n) : (mine.data ?? 0n),
    /** Whether `identitySubscribed` was read (until then it is 0, which would understate the identity's total). */
    identitySubscribedKnown:
      enabledForMe && !identity.isPending && !mine.isPending && (!identityKey || !byIdentity.isPending),
    settled: settled.data ?? false,
    balance: balance.data,
    allowance: allowance.data ?? 0n,
    coin,
    symbol: coin?.symbol ?? "",
    now: block.data ? Number(block.data.timestamp) : Math.floor(Date.now() / 1000),
    error: terms.error ?? state.error ?? unitsSold.error,
    // Amounts are never shown before the token's decimals are known.
    isPending:
      terms.isPending || state.isPending || unitsSold.isPending || (payment !== undefined && coin === undefined),
    refetch: () =>
      Promise.all([
        state.refetch(),
        unitsSold.refetch(),
        mine.refetch(),
        paid.refetch(),
        settled.refetch(),
        byIdentity.refetch(),
        balance.refetch(),
        allowance.refetch(),
      ]),
  };
}
