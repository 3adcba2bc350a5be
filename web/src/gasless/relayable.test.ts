// The app's gasless sends are typed by the relayer's own list (@freehold/deployments/relayable): a function the
// relayer refuses does not compile as a relayed call (the type-check runs over this file), and every listed name is a
// function of the app's ABI for that contract.
import { RELAYABLE_FUNCTIONS, type RelayableKind } from "@freehold/deployments/relayable";
import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { abis } from "../contracts/abi";
import type { RelayedCall } from "./useGasless";

describe("20 what the app relays is what the relayer relays", () => {
  it("a relayed call names only a function of the relayer's list for its contract", () => {
    const allowed: RelayedCall = {
      to: zeroAddress,
      contract: "PropertyOffering",
      functionName: "subscribeWithInvitationAndPermit",
    };
    // @ts-expect-error the issuer's finalize is not an investor action: the relayer refuses it, so it does not compile
    const issuers: RelayedCall = { to: zeroAddress, contract: "PropertyOffering", functionName: "finalize" };
    // @ts-expect-error claimMany is the distributor's, not the offering's
    const elsewhere: RelayedCall = { to: zeroAddress, contract: "PropertyOffering", functionName: "claimMany" };
    expect([allowed, issuers, elsewhere].map((c) => c.functionName)).toEqual([
      "subscribeWithInvitationAndPermit",
      "finalize",
      "claimMany",
    ]);
  });

  it("every function on the list is in the app's ABI of that contract, once", () => {
    for (const kind of Object.keys(RELAYABLE_FUNCTIONS) as RelayableKind[]) {
      for (const name of RELAYABLE_FUNCTIONS[kind]) {
        const found = abis[kind].filter((item) => item.type === "function" && item.name === name);
        expect(found, `${kind}.${name}`).toHaveLength(1);
      }
    }
  });
});
