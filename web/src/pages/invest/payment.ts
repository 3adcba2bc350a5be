/**
 * The steps of paying for a subscription, public or by invitation (issue 20), in one place: with a permit, one
 * signature and one transaction (sent by the wallet, or by the platform's relayer when the wallet has no ETH), else
 * an approval when the allowance falls short, then the subscription. Each step goes through the page's transaction
 * tracker with a label that says what it pays for.
 */
import { encodeFunctionData, type Address, type ContractFunctionArgs, type Hash } from "viem";
import { abis } from "../../contracts/abi";
import type { PaymentPlan } from "../../contracts/paymentToken";
import type { Gasless } from "../../gasless/useGasless";
import type { TransactionControl } from "../../tx/useTransaction";
import type { useContractWrite } from "../../contracts/hooks";

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

export interface Payment {
  tx: TransactionControl;
  plan: PaymentPlan;
  /** The relayer sends the permit's subscription (the wallet has no ETH for the fee). */
  gasless: Gasless | null;
  write: ReturnType<typeof useContractWrite>;
  approve: (token: Address, spender: Address, amount: bigint) => Promise<Hash>;
  offering: Address;
  token: Address;
  cost: bigint;
  /** What is bought ("3 units", "3 units by invitation") and the amount in words ("24.00 tUSD"). */
  what: string;
  amount: string;
  /** Signs the permit (the first signature) and returns the call that carries it. */
  permitCall: () => Promise<PermitCall>;
  allowanceCall: AllowanceCall;
}

/** Runs the plan's steps; true once the subscription is confirmed. */
export async function pay(p: Payment): Promise<boolean> {
  const { tx, offering, what, amount } = p;
  if (p.plan === "permit") {
    const relayer = p.gasless;
    const receipt = relayer
      ? await tx.run(
          {
            label: `Sign the payment of ${amount} and the subscription to ${what}; Freehold sends it and pays the network fee`,
          },
          async () => {
            const call = await p.permitCall();
            return relayer.send({
              to: offering,
              data: encodeFunctionData({ abi: abis.PropertyOffering, ...call } as never),
            });
          },
        )
      : await tx.run({ label: `Sign the payment of ${amount}, then confirm the subscription to ${what}` }, async () =>
          p.write({ contractName: "PropertyOffering", address: offering, ...(await p.permitCall()) } as never),
        );
    return Boolean(receipt);
  }
  const steps = p.plan === "approve-then-subscribe" ? 2 : 1;
  if (steps === 2) {
    const approved = await tx.run({ label: `Approve ${amount} for this offering`, index: 1, total: 2 }, () =>
      p.approve(p.token, offering, p.cost),
    );
    if (!approved) return false;
  }
  const receipt = await tx.run({ label: `Subscribe to ${what} for ${amount}`, index: steps, total: steps }, () =>
    p.write({ contractName: "PropertyOffering", address: offering, ...p.allowanceCall } as never),
  );
  return Boolean(receipt);
}
