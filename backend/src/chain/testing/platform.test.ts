/**
 * The run's saved deployment (platform.ts): a chain test file that loads it gets the chain a fresh deploy would give
 * it (same contracts, its own managers and no other file's, the deploy's blocks and logs), on a chain of its own; and
 * a saved deployment is reused only for parameters that make the same contracts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { Contract, id, JsonRpcProvider } from "ethers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startAnvil, TEST_KEYS, type Anvil } from "./anvil.ts";
import { CHAIN_STATES_ENV } from "./chain-states.ts";
import { deployTestPlatform, savedDeploymentKey, type DeployedPlatform, type TestPlatformParams } from "./platform.ts";

const hasRoleAbi = ["function hasRole(bytes32 role, address account) view returns (bool)"];
const wallet = () => privateKeyToAccount(generatePrivateKey()).address;

async function hasRole(anvil: Anvil, platform: DeployedPlatform, key: string, role: string, account: string) {
  const provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
  try {
    return (await new Contract(platform.address(key), hasRoleAbi, provider).getFunction("hasRole")(
      id(role),
      account,
    )) as boolean;
  } finally {
    provider.destroy();
  }
}

const blockHashes = async (anvil: Anvil, upTo: number) =>
  Promise.all(
    Array.from({ length: upTo + 1 }, (_, n) =>
      anvil.rpc<{ hash: string }>("eth_getBlockByNumber", [`0x${n.toString(16)}`, false]).then((b) => b.hash),
    ),
  );

describe("the run's saved deployment", () => {
  const agent = privateKeyToAccount(TEST_KEYS[1]).address;
  const [firstManager, laterManager] = [wallet(), wallet()];
  const anvils: Anvil[] = [];
  const previous = process.env[CHAIN_STATES_ENV];
  const states = mkdtempSync(join(tmpdir(), "freehold-chain-states-test-"));
  let first: DeployedPlatform, later: DeployedPlatform, fresh: DeployedPlatform;
  let firstAnvil: Anvil, laterAnvil: Anvil, freshAnvil: Anvil;

  before(async () => {
    process.env[CHAIN_STATES_ENV] = states;
    for (let i = 0; i < 3; i++) anvils.push(await startAnvil());
    [firstAnvil, laterAnvil, freshAnvil] = anvils as [Anvil, Anvil, Anvil];
    first = await deployTestPlatform(firstAnvil.url, { complianceAgent: agent, propertyManagers: [firstManager] });
    later = await deployTestPlatform(laterAnvil.url, { complianceAgent: agent, propertyManagers: [laterManager] });
    Reflect.deleteProperty(process.env, CHAIN_STATES_ENV); // a file outside the runner deploys for itself
    fresh = await deployTestPlatform(freshAnvil.url, { complianceAgent: agent, propertyManagers: [laterManager] });
  });

  after(async () => {
    if (previous === undefined) Reflect.deleteProperty(process.env, CHAIN_STATES_ENV);
    else process.env[CHAIN_STATES_ENV] = previous;
    await Promise.all(anvils.map((a) => a.stop()));
    for (const p of [first, later, fresh]) if (p) rmSync(p.recordDir, { recursive: true, force: true });
    rmSync(states, { recursive: true, force: true });
  });

  test("a later file loads the first file's deployment: the same contracts, blocks and logs", async () => {
    const addresses = (p: DeployedPlatform) =>
      Object.fromEntries(Object.entries(p.record.contracts).map(([key, c]) => [key, c?.address]));
    assert.deepEqual(addresses(later), addresses(first));
    assert.deepEqual(addresses(later), addresses(fresh));
    const deployed = Math.max(...Object.values(first.record.contracts).map((c) => c?.blockNumber ?? 0));
    assert.deepEqual(await blockHashes(laterAnvil, deployed), await blockHashes(firstAnvil, deployed));
    const logs = (a: Anvil) =>
      a.rpc<unknown[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: `0x${deployed.toString(16)}` }]);
    assert.deepEqual(await logs(laterAnvil), await logs(firstAnvil));
  });

  test("each file's managers, and only them, may launch; the agent is the compliance agent", async () => {
    const cases: [Anvil, DeployedPlatform, string, boolean][] = [
      [firstAnvil, first, firstManager, true],
      [firstAnvil, first, laterManager, false],
      [laterAnvil, later, laterManager, true],
      [laterAnvil, later, firstManager, false],
      [freshAnvil, fresh, laterManager, true],
    ];
    for (const [anvil, platform, manager, expected] of cases)
      assert.equal(await hasRole(anvil, platform, "PropertyTokenFactory", "PROPERTY_MANAGER_ROLE", manager), expected);
    for (const [anvil, platform] of [
      [firstAnvil, first],
      [laterAnvil, later],
    ] as const)
      assert.equal(await hasRole(anvil, platform, "IdentityRegistry", "COMPLIANCE_AGENT_ROLE", agent), true);
  });

  test("each file has a chain of its own", async () => {
    const height = async (a: Anvil) => Number(await a.rpc<string>("eth_blockNumber"));
    const before = await height(firstAnvil);
    await laterAnvil.rpc("evm_mine");
    await laterAnvil.rpc("evm_mine");
    assert.equal(await height(firstAnvil), before);
  });

  test("a saved deployment is reused for any managers, never for other contract parameters", () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}`);
    const params = fc.record(
      {
        complianceAgent: address,
        feeBps: fc.integer({ min: 0, max: 500 }),
        feeRecipient: address,
        propertyManagers: fc.array(address, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(params, fc.array(address, { maxLength: 3 }), (p: TestPlatformParams, managers) => {
        assert.equal(savedDeploymentKey({ ...p, propertyManagers: managers }), savedDeploymentKey(p));
      }),
    );
    fc.assert(
      fc.property(params, params, (a: TestPlatformParams, b: TestPlatformParams) => {
        const same =
          a.complianceAgent?.toLowerCase() === b.complianceAgent?.toLowerCase() &&
          a.feeBps === b.feeBps &&
          a.feeRecipient?.toLowerCase() === b.feeRecipient?.toLowerCase();
        assert.equal(savedDeploymentKey(a) === savedDeploymentKey(b), same);
      }),
    );
  });
});
