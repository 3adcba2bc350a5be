/**
 * The class of bug behind capital returned being invisible (CapitalDeposited emitted, nothing indexed it): every event
 * the value-moving contracts emit (the rent distributor, the exit, the offering, the token) is either handled by the
 * subgraph's manifest or listed below as moving no value, with the reason. A new event fails here until it is one or
 * the other. The events are read from the generated ABIs (`npm run compile`), as the manifest's are.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ABI_DIR, DATA_SOURCES, TEMPLATES } from "../scripts/manifest.js";

/** Events that move no money and no units, by contract, and why the subgraph need not handle them. */
const NO_VALUE: Record<string, Record<string, string>> = {
  RentDistributor: {
    RoleAdminChanged: "access control",
    RoleGranted: "access control",
    RoleRevoked: "access control",
  },
  PropertyExit: {},
  PropertyOffering: {
    EIP712DomainChanged: "signing domain of invitations",
  },
  PropertyToken: {
    Approval: "an ERC-20 allowance",
    AuthorizedOperator: "an ERC-1410 operator allowed",
    AuthorizedOperatorByPartition: "an ERC-1410 operator allowed",
    RevokedOperator: "an ERC-1410 operator revoked",
    RevokedOperatorByPartition: "an ERC-1410 operator revoked",
    ForcedTransfer: "ERC-3643 echo of a controller move: the units move in its Transfer",
    Issued: "ERC-1594 echo of a mint: the units move in its Transfer",
    Redeemed: "ERC-1594 echo of a burn: the units move in its Transfer",
    Frozen: "ERC-3643 echo of AddressFrozen",
    IdentityFrozen: "the identity registry's freeze, indexed from the registry's IdentityFrozen",
    Initialized: "proxy initialisation",
    RedemptionClosedSet: "a configuration switch",
    RoleAdminChanged: "access control",
    RoleGranted: "access control",
    RoleRevoked: "access control",
    ExitSet: "the exit is indexed from the factory's ExitLaunched",
    GovernorSet: "the governor is indexed from the factory's GovernorLaunched",
    SnapshotOpened: "a vote's balance snapshot (the governor's events carry the votes)",
    SnapshotClosed: "a vote's balance snapshot (the governor's events carry the votes)",
  },
};

const abiEvents = (contract: string): string[] =>
  (JSON.parse(readFileSync(join(ABI_DIR, `${contract}.json`), "utf8")) as { type: string; name: string }[])
    .filter((item) => item.type === "event")
    .map((item) => item.name);

describe("every event of the value-moving contracts is indexed or known to move no value", () => {
  const sources = [...DATA_SOURCES, ...TEMPLATES];
  for (const contract of Object.keys(NO_VALUE)) {
    it(contract, () => {
      const handled = new Set(sources.filter((s) => s.contract === contract).flatMap((s) => s.events));
      assert.ok(handled.size > 0, `${contract} is a data source or template`);
      const allowed = NO_VALUE[contract]!;
      const missing = abiEvents(contract).filter((e) => !handled.has(e) && !(e in allowed));
      assert.deepEqual(
        missing,
        [],
        `${contract}: events neither handled by the manifest nor listed as moving no value`,
      );
      const stale = Object.keys(allowed).filter((e) => handled.has(e) || !abiEvents(contract).includes(e));
      assert.deepEqual(stale, [], `${contract}: allow-listed events that are handled or no longer emitted`);
    });
  }
});
