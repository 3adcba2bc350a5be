/**
 * Paying for a subscription, public or by invitation (issue 20), in one place: with the coin's permit, one signature
 * and one transaction (sent by the wallet, or by the platform's relayer when the wallet has no ETH for the fee), else
 * an approval when the allowance falls short, then the subscription. Each step goes through the page's transaction
 * tracker with a label that says what it pays for; `method` is what `PaymentMethod` shows before the Pay button.
 */
import { useState } from "react";
import type { Address, ContractFunctionArgs } from "viem";
import { useConfig, useConnection } from "wagmi";
import { useAppConfig } from "../../app/AppConfigContext";
import { abis } from "../../contracts/abi";
import { useContractWrite } from "../../contracts/hooks";
import { paymentPlan } from "../../contracts/paymentToken";
import { signPermit, type SignedPermit } from "../../contracts/permit";
import { useApprove } from "../../contracts/useStablecoin";
import { TYPICAL_GAS } from "../../gasless/decision";
import { useGasless } from "../../gasless/useGasless";
import type { TransactionControl } from "../../tx/useTransaction";
import type { useInvestData } from "./useInvestData";

type Offering = typeof abis.PropertyOffering;
type Args<
  F extends "subscribeWithPermit" | "subscribeWithInvitationAndPermit" | "subscribe" | "subscribeWithInvitation",
> = ContractFunctionArgs<Offering, "nonpayable", F>;

/** A subscription that carries the investor's permit (so the relayer can send it). */
export type PermitCall =
  | { functionName: "subscribeWithPermit"; args: Args<"subscribeWithPermit"> }
  | { functionName: "subscribeWithInvitationAndPermit"; args: Args<"subscribeWithInvitationAndPermit"> };
/** A subscription paid from the allowance. */
export type AllowanceCall =
  | { functionName: "subscribe"; args: Args<"subscribe"> }
  | { functionName: "subscribeWithInvitation"; args: Args<"subscribeWithInvitation"> };

export interface Purchase {
  cost: bigint;
  /** What is bought ("3 units", "3 units by invitation") and its cost in words ("24.00 tUSD"), for the labels. */
  what: string;
  amount: string;
  permitCall: (permit: SignedPermit) => PermitCall;
  allowanceCall: AllowanceCall;
}

export function usePayment(
  offering: Address,
  me: Address,
  data: ReturnType<typeof useInvestData>,
  tx: TransactionControl,
) {
  const { chainId } = useAppConfig();
  const { chainId: walletChainId } = useConnection();
  const wagmiConfig = useConfig();
  const write = useContractWrite();
  const approve = useApprove();
  // Decided with the largest action of the page (a subscription): a wallet that can pay it pays everything here.
  const gasless = useGasless(me, TYPICAL_GAS.subscribe);
  // Permit is the default where the stablecoin has one; some wallets cannot sign typed data, so approve stays possible.
  const [preferApprove, setPreferApprove] = useState(false);
  const permit = data.coin?.permit ?? null;
  // The relayer pays only where the investor's ETH cannot, and a subscription needs the coin's permit for it (an
  // approval is a call on the coin, which does not trust the platform's forwarder).
  const relayed = gasless.payer === "relayer" && gasless.relay !== null;
  const gaslessPay = relayed && permit !== null;
  const wrongNetwork = walletChainId !== undefined && walletChainId !== chainId;

  /** Runs the purchase's steps; true once the subscription is confirmed. */
  async function pay(p: Purchase): Promise<boolean> {
    const token = data.paymentToken;
    if (!token) return false;
    const plan = paymentPlan({
      permit,
      preferApprove: preferApprove && !gaslessPay,
      allowance: data.allowance,
      cost: p.cost,
    });
    const { what, amount } = p;
    const permitted = async () =>
      p.permitCall(
        await signPermit(wagmiConfig, {
          chainId,
          token,
          domain: permit!,
          owner: me,
          spender: offering,
          value: p.cost,
          now: data.now,
        }),
      );
    if (plan === "permit") {
      const receipt = gaslessPay
        ? await tx.run(
            {
              label: `Sign the payment of ${amount} and the subscription to ${what}; Freehold sends it and pays the network fee`,
            },
            async () => gasless.send({ to: offering, contract: "PropertyOffering", ...(await permitted()) }),
          )
        : await tx.run({ label: `Sign the payment of ${amount}, then confirm the subscription to ${what}` }, async () =>
            write({ contractName: "PropertyOffering", address: offering, ...(await permitted()) } as never),
          );
      return Boolean(receipt);
    }
    const steps = plan === "approve-then-subscribe" ? 2 : 1;
    if (steps === 2) {
      const approved = await tx.run({ label: `Approve ${amount} for this offering`, index: 1, total: 2 }, () =>
        approve(token, offering, p.cost),
      );
      if (!approved) return false;
    }
    const receipt = await tx.run({ label: `Subscribe to ${what} for ${amount}`, index: steps, total: steps }, () =>
      write({ contractName: "PropertyOffering", address: offering, ...p.allowanceCall } as never),
    );
    return Boolean(receipt);
  }

  return {
    pay,
    gasless,
    /** The relayer pays a claim or refund (they need no permit). */
    relayed,
    wrongNetwork,
    /** `PaymentMethod`'s props. */
    method: {
      relay: gaslessPay ? gasless.relay : null,
      hasPermit: permit !== null,
      symbol: data.symbol,
      preferApprove,
      onPreferApprove: setPreferApprove,
      wrongNetwork,
    },
  };
}
