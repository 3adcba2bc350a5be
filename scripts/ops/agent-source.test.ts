/**
 * Issue 18: key rotation (`ops:rotate-agent`) with each source the backend signs with. On a real node (anvil) with
 * the platform deployed by the real deploy code, the new agent is named by a keystore v3 file, then by an external
 * JSON-RPC signer, then by an address: each time it holds COMPLIANCE_AGENT_ROLE and is the factory's document
 * agent afterwards, and every earlier agent lost the role.
 *   npx tsx --test scripts/ops/agent-source.test.ts
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Contract, encryptKeystoreJsonSync, id, JsonRpcProvider, Wallet } from "ethers";
import { ANVIL_KEYS } from "@freehold/dev-kit/accounts";
import { startAnvil, type LocalChain } from "@freehold/dev-kit/chain";
import { artifactsOnDisk, deployPlatform } from "@freehold/dev-kit/deploy";
import { newAgentAddress } from "./agent-source.js";
import { rotateComplianceAgent } from "./operations.js";

const ROLE = id("COMPLIANCE_AGENT_ROLE");

/** An external signer's discovery endpoint, as web3signer/Clef answer it: `eth_accounts`. */
function signerServer(accounts: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const { id: rpcId, method } = JSON.parse(body) as { id: number; method: string };
      const answer =
        method === "eth_accounts"
          ? { result: accounts }
          : method === "eth_chainId"
            ? { result: "0x7a69" }
            : { error: { code: -32601, message: "not supported" } };
      res.end(JSON.stringify({ jsonrpc: "2.0", id: rpcId, ...answer }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe("18 ops:rotate-agent with each signer source", () => {
  let chain: LocalChain;
  let dir: string;
  let admin: Wallet;
  let registry: Contract;
  let factory: Contract;
  const servers: Server[] = [];
  const wallet = (i: number) => new Wallet(ANVIL_KEYS[i]!);

  before(async () => {
    chain = await startAnvil({ codeSizeLimit: false });
    dir = mkdtempSync(join(tmpdir(), "freehold-rotate-"));
    const provider = new JsonRpcProvider(chain.url, undefined, {
      staticNetwork: true,
      pollingInterval: 50,
      cacheTimeout: -1,
    });
    admin = new Wallet(ANVIL_KEYS[0]!, provider);
    const { record } = await deployPlatform({
      ethers: { getSigners: async () => [admin] },
      signer: admin,
      params: { complianceAgent: wallet(1).address },
      networkName: "test",
      recordDir: dir,
      log: () => {},
    });
    const abi = [
      "function hasRole(bytes32 role, address account) view returns (bool)",
      "function documentAgent() view returns (address)",
    ];
    registry = new Contract(record.contracts["IdentityRegistry"]!.address, abi, provider);
    factory = new Contract(record.contracts["PropertyTokenFactory"]!.address, abi, provider);
  });
  after(async () => {
    for (const server of servers) server.close();
    await chain.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rotateTo(newAgent: string, previous: string[]): Promise<void> {
    await rotateComplianceAgent({ signer: admin, artifacts: artifactsOnDisk(), recordDir: dir }, { newAgent });
    assert.equal(await registry.getFunction("hasRole")(ROLE, newAgent), true);
    assert.equal(await factory.getFunction("documentAgent")(), newAgent);
    for (const old of previous) assert.equal(await registry.getFunction("hasRole")(ROLE, old), false, old);
  }

  it("18 names the new agent by its keystore v3 file (no password needed), and rotates to it", async () => {
    const keystore = join(dir, "agent.json");
    const next = wallet(2);
    writeFileSync(
      keystore,
      encryptKeystoreJsonSync({ address: next.address, privateKey: next.privateKey }, "pw", { scrypt: { N: 1024 } }),
    );
    assert.equal(await newAgentAddress({ keystore }), next.address);
    await rotateTo(await newAgentAddress({ keystore }), [wallet(1).address]);
  });

  it("18 names the new agent by its external signer (the one account it holds), and rotates to it", async () => {
    const next = wallet(3);
    const { url, server } = await signerServer([next.address.toLowerCase()]);
    servers.push(server);
    await rotateTo(await newAgentAddress({ signerUrl: url }), [wallet(1).address, wallet(2).address]);
    const crowded = await signerServer([wallet(4).address, wallet(5).address]);
    servers.push(crowded.server);
    await assert.rejects(newAgentAddress({ signerUrl: crowded.url }), /holds 2 accounts/);
  });

  it("18 names the new agent by address; refuses a file that is not a keystore", async () => {
    await rotateTo(await newAgentAddress({ address: wallet(4).address.toLowerCase() }), [wallet(3).address]);
    const notKeystore = join(dir, "plain.json");
    writeFileSync(notKeystore, "{}");
    await assert.rejects(newAgentAddress({ keystore: notKeystore }), /is not a keystore v3 file/);
    await assert.rejects(newAgentAddress({ address: "0x12" }), /not an address/);
  });
});
