/**
 * Issue 18 "Keys the backend signs with": the signer comes from an encrypted keystore v3 file, from an external
 * JSON-RPC signer (a signer process of our own, like web3signer/Clef), or locally from a plain key that production
 * refuses unless explicitly allowed. Each source signs transactions a real node (anvil) accepts through the
 * backend's sender (real PostgreSQL); a signer that signs with another key or alters the transaction is refused.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { encryptKeystoreJsonSync } from "ethers";
import type { Hex, LocalAccount, PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createTestContext, type TestContext } from "../../../test/support/harness.ts";
import { loadChainConfig } from "../config.ts";
import { createChainClient } from "../index.ts";
import { TransactionSender } from "../sender.ts";
import { startAnvil, TEST_KEYS, type Anvil } from "../testing/anvil.ts";
import { externalSignerAccount, externalSignerAccounts } from "./external.ts";
import { keystoreAddress } from "./key-source.ts";
import { startTestSigner, type RunningSigner } from "./testing/index.ts";

const KEY = TEST_KEYS[5] as Hex;
const ADDRESS = privateKeyToAccount(KEY).address;
const RECIPIENT = privateKeyToAccount(TEST_KEYS[6] as Hex).address;
const BASE = { CHAIN_RPC_URL: "http://127.0.0.1:8545", CHAIN_ID: "31337" };

let dir: string;
let keystore: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "freehold-signer-"));
  keystore = path.join(dir, "agent.json");
  // Light scrypt parameters keep the test fast; production keystores use the defaults (N = 2^17).
  await writeFile(
    keystore,
    encryptKeystoreJsonSync({ address: ADDRESS, privateKey: KEY }, "correct horse", { scrypt: { N: 1024 } }),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

function refused(env: Record<string, string>, pattern: RegExp): void {
  assert.throws(
    () => loadChainConfig({ ...BASE, ...env }),
    (e: unknown) => e instanceof Error && /^Invalid chain configuration/.test(e.message) && pattern.test(e.message),
    `expected ${JSON.stringify(env)} to be refused with ${pattern}`,
  );
}

describe("18 signer key sources: settings", () => {
  it("18 a keystore v3 file decrypts with the password from the environment or from a file", async () => {
    const fromEnv = loadChainConfig({
      ...BASE,
      COMPLIANCE_AGENT_KEYSTORE: keystore,
      COMPLIANCE_AGENT_KEYSTORE_PASSWORD: "correct horse",
    });
    assert.equal(fromEnv?.agentAccount?.address, ADDRESS);
    assert.equal(fromEnv?.agentSource, "keystore");
    const passwordFile = path.join(dir, "password");
    await writeFile(passwordFile, "correct horse\n");
    const fromFile = loadChainConfig({
      ...BASE,
      COMPLIANCE_AGENT_KEYSTORE: keystore,
      COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: passwordFile,
    });
    assert.equal(fromFile?.agentAccount?.address, ADDRESS);
    assert.equal(keystoreAddress(keystore), ADDRESS, "the address is readable without the password");
  });

  it("18 refuses a wrong password, a missing file and an ambiguous password with a clear message", () => {
    refused(
      { COMPLIANCE_AGENT_KEYSTORE: keystore, COMPLIANCE_AGENT_KEYSTORE_PASSWORD: "wrong" },
      /cannot decrypt the agent keystore .*wrong password/,
    );
    refused(
      { COMPLIANCE_AGENT_KEYSTORE: path.join(dir, "none.json"), COMPLIANCE_AGENT_KEYSTORE_PASSWORD: "x" },
      /cannot read the agent keystore/,
    );
    refused({ COMPLIANCE_AGENT_KEYSTORE: keystore }, /needs its password from exactly one of/);
    refused(
      {
        COMPLIANCE_AGENT_KEYSTORE: keystore,
        COMPLIANCE_AGENT_KEYSTORE_PASSWORD: "a",
        COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: "/x",
      },
      /exactly one of/,
    );
    refused(
      { COMPLIANCE_AGENT_KEYSTORE: keystore, COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: path.join(dir, "nope") },
      /COMPLIANCE_AGENT_KEYSTORE_PASSWORD_FILE: ENOENT/,
    );
  });

  it("18 a plain key is accepted locally, refused in production unless ALLOW_PLAIN_AGENT_KEY=true", () => {
    assert.equal(loadChainConfig({ ...BASE, COMPLIANCE_AGENT_KEY: KEY })?.agentAccount?.address, ADDRESS);
    refused(
      { NODE_ENV: "production", COMPLIANCE_AGENT_KEY: KEY },
      /COMPLIANCE_AGENT_KEY: a plain private key is refused in production/,
    );
    const allowed = loadChainConfig({
      ...BASE,
      NODE_ENV: "production",
      COMPLIANCE_AGENT_KEY: KEY,
      ALLOW_PLAIN_AGENT_KEY: "true",
    });
    assert.equal(allowed?.agentSource, "plain");
    refused({ ALLOW_PLAIN_AGENT_KEY: "yes" }, /ALLOW_PLAIN_AGENT_KEY/);
  });

  it("18 one source only; an external signer needs the address it holds; no source means no signer", () => {
    refused(
      { COMPLIANCE_AGENT_KEY: KEY, COMPLIANCE_AGENT_KEYSTORE: keystore },
      /set one signer source, not COMPLIANCE_AGENT_KEY and COMPLIANCE_AGENT_KEYSTORE/,
    );
    refused({ COMPLIANCE_AGENT_SIGNER_URL: "http://127.0.0.1:9000" }, /needs COMPLIANCE_AGENT_ADDRESS/);
    refused(
      { COMPLIANCE_AGENT_SIGNER_URL: "ftp://x", COMPLIANCE_AGENT_ADDRESS: ADDRESS },
      /COMPLIANCE_AGENT_SIGNER_URL/,
    );
    refused(
      { COMPLIANCE_AGENT_SIGNER_URL: "http://127.0.0.1:9000", COMPLIANCE_AGENT_ADDRESS: "0x12" },
      /COMPLIANCE_AGENT_ADDRESS: must be an Ethereum address/,
    );
    const external = loadChainConfig({
      ...BASE,
      NODE_ENV: "production",
      COMPLIANCE_AGENT_SIGNER_URL: "http://127.0.0.1:9000",
      COMPLIANCE_AGENT_ADDRESS: ADDRESS.toLowerCase(),
    });
    assert.equal(external?.agentAccount?.address, ADDRESS);
    assert.equal(external?.agentSource, "external");
    assert.equal(loadChainConfig(BASE)?.agentAccount, undefined);
  });
});

describe("18 signer key sources: signing on a real node", () => {
  let t: TestContext;
  let anvil: Anvil;
  let client: PublicClient;
  const signers: RunningSigner[] = [];
  before(async () => {
    t = await createTestContext();
    anvil = await startAnvil();
    client = createChainClient({ rpcUrl: anvil.url, pollMs: 50 });
  });
  after(async () => {
    await Promise.all(signers.map((s) => s.stop()));
    await anvil.stop();
    await t.close();
  });

  async function signer(flags: string[] = []): Promise<RunningSigner> {
    const running = await startTestSigner(KEY, flags);
    signers.push(running);
    return running;
  }

  /** One transaction through the sender (sign and store, broadcast, track to its receipt), as the agent does. */
  async function sendThrough(account: LocalAccount): Promise<string> {
    const sender = new TransactionSender({ db: t.db, client, account, chainId: anvil.chainId, confirmations: 1 });
    const stored = await t.db.$transaction(async (tx) => {
      await sender.lockSigner(tx);
      return sender.signAndStore(tx, {
        to: RECIPIENT,
        data: "0x",
        purpose: "test",
        gas: 21_000n,
      });
    });
    await sender.broadcast();
    // The node mines on its own time: look again, as the agent does, until the transaction settles.
    const settled: string[] = [];
    for (const deadline = Date.now() + 30_000; settled.length === 0 && Date.now() < deadline;) {
      await sender.track(async (_tx, sent, status) => void settled.push(`${sent.txHash}:${status}`));
      if (settled.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(settled, [`${stored.txHash}:CONFIRMED`]);
    const mined = await client.getTransaction({ hash: stored.txHash as Hex });
    return mined.from;
  }

  it("18 the keystore's key signs the backend's transactions", async () => {
    const config = loadChainConfig({
      ...BASE,
      COMPLIANCE_AGENT_KEYSTORE: keystore,
      COMPLIANCE_AGENT_KEYSTORE_PASSWORD: "correct horse",
    });
    assert.equal((await sendThrough(config!.agentAccount!)).toLowerCase(), ADDRESS.toLowerCase());
  });

  it("18 an external signer (web3signer-style and Clef-style answers) signs without the key entering the backend", async () => {
    for (const flags of [[], ["--clef"]]) {
      const running = await signer(flags);
      assert.deepEqual(await externalSignerAccounts(running.url), [ADDRESS]);
      const config = loadChainConfig({
        ...BASE,
        COMPLIANCE_AGENT_SIGNER_URL: running.url,
        COMPLIANCE_AGENT_ADDRESS: ADDRESS,
      });
      assert.equal((await sendThrough(config!.agentAccount!)).toLowerCase(), ADDRESS.toLowerCase());
    }
  });

  it("18 refuses an external signer that signs with another key, alters the transaction, or does not hold the account", async () => {
    const rogue = await signer(["--sign-with", TEST_KEYS[7] as Hex]);
    const tx = {
      type: "eip1559",
      chainId: 31337,
      nonce: 0,
      to: ADDRESS,
      data: "0x",
      gas: 21_000n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
    } as const;
    await assert.rejects(
      externalSignerAccount(rogue.url, ADDRESS).signTransaction(tx),
      /external signer signed with 0x[0-9a-fA-F]{40}, not /,
    );
    const altering = await signer(["--bump-nonce"]);
    await assert.rejects(
      externalSignerAccount(altering.url, ADDRESS).signTransaction(tx),
      /external signer changed the transaction's nonce/,
    );
    const honest = await signer();
    const stranger = privateKeyToAccount(TEST_KEYS[8] as Hex).address;
    await assert.rejects(
      externalSignerAccount(honest.url, stranger).signTransaction(tx),
      /external signer eth_signTransaction: unknown account/,
    );
    await assert.rejects(externalSignerAccount("http://127.0.0.1:1", ADDRESS).signTransaction(tx));
  });
});
