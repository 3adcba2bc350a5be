/**
 * The manifest and networks.json come from the compiled ABIs and the deploy scripts' records only: these tests
 * use temporary records and ABI folders, and check the refusals (missing ABI, changed event, incomplete record,
 * deploying a network where nothing is deployed).
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { deployPlan } from "../scripts/deploy-plan.js";
import { ABI_DIR, DATA_SOURCES, generateManifest, TEMPLATES } from "../scripts/manifest.js";

const address = (n: number): string => "0x" + n.toString(16).padStart(40, "0");

function recordDir(chainId: number, contracts: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), "freehold-records-"));
  const record = {
    chainId,
    network: "test",
    updatedAt: new Date(0).toISOString(),
    contracts: Object.fromEntries(
      Object.entries(contracts).map(([name, n]) => [
        name,
        { address: address(n), blockNumber: n * 10, transactionHash: "0x" + "ab".repeat(32) },
      ]),
    ),
  };
  writeFileSync(join(dir, `${chainId}.json`), JSON.stringify(record));
  return dir;
}

const ALL = { PropertyTokenFactory: 1, IdentityRegistry: 2, RentDistributor: 3, Settlement: 4, PlatformFees: 5 };

describe("manifest generation", () => {
  it("writes each network's addresses and start blocks from its record, and every handler from the ABIs", () => {
    const dir = recordDir(11155111, ALL);
    const generated = generateManifest({ network: "sepolia", addressesDir: dir });
    assert.deepEqual(generated.placeholders, ["localhost"]);
    assert.deepEqual(generated.networks["sepolia"]!["Settlement"], { address: address(4), startBlock: 40 });
    assert.equal(generated.networks["localhost"]!["Settlement"]!.address, "0x" + "00".repeat(20));
    const manifest = parseYaml(generated.manifest) as {
      specVersion: string;
      dataSources: {
        name: string;
        network: string;
        source: { address: string; startBlock: number };
        mapping: { abis: { file: string }[]; eventHandlers: { event: string; handler: string }[] };
      }[];
      templates: { name: string; mapping: { eventHandlers: { event: string }[] } }[];
    };
    assert.equal(manifest.specVersion, "1.2.0");
    assert.deepEqual(
      manifest.dataSources.map((d) => [d.name, d.network, d.source.address, d.source.startBlock]),
      [
        ["PropertyTokenFactory", "sepolia", address(1), 10],
        ["IdentityRegistry", "sepolia", address(2), 20],
        ["RentDistributor", "sepolia", address(3), 30],
        ["Settlement", "sepolia", address(4), 40],
        ["PlatformFees", "sepolia", address(5), 50],
      ],
    );
    assert.equal(
      manifest.dataSources[0]!.mapping.abis[0]!.file,
      "../deployments/generated/abi/PropertyTokenFactory.json",
    );
    const launched = manifest.dataSources[0]!.mapping.eventHandlers[0]!;
    assert.deepEqual(launched, {
      event: "PropertyLaunched(indexed bytes32,indexed address,indexed address,address,string,string)",
      handler: "handlePropertyLaunched",
    });
    const token = manifest.templates.find((t) => t.name === "PropertyToken")!;
    assert.ok(
      token.mapping.eventHandlers.some(
        (h) =>
          h.event ===
          "TransferByPartition(indexed bytes32,address,indexed address,indexed address,uint256,bytes,bytes)",
      ),
    );
    assert.equal(token.mapping.eventHandlers.length, TEMPLATES[0]!.events.length);
    assert.equal(manifest.dataSources.length, DATA_SOURCES.length);
  });

  it("refuses a record without one of the platform's contracts", () => {
    const dir = recordDir(31337, { PropertyTokenFactory: 1, IdentityRegistry: 2, RentDistributor: 3 });
    assert.throws(
      () => generateManifest({ network: "localhost", addressesDir: dir }),
      /record of chain 31337 has no Settlement/,
    );
  });

  it("refuses ABIs that lack an event a handler needs, or are missing", () => {
    const abis = mkdtempSync(join(tmpdir(), "freehold-abis-"));
    cpSync(ABI_DIR, abis, { recursive: true });
    const settlement = JSON.parse(readFileSync(join(abis, "Settlement.json"), "utf8")) as {
      type: string;
      name?: string;
    }[];
    writeFileSync(join(abis, "Settlement.json"), JSON.stringify(settlement.filter((e) => e.name !== "OrderFilled")));
    assert.throws(
      () => generateManifest({ network: "localhost", abiDir: abis }),
      /Settlement has no event OrderFilled/,
    );
    assert.throws(
      () => generateManifest({ network: "localhost", abiDir: join(abis, "missing") }),
      /ABI of \w+ not found at .*: run `npm run compile` first/,
    );
    assert.throws(() => generateManifest({ network: "mainnet" }), /unknown network mainnet/);
  });
});

describe("deploy plan", () => {
  it("creates then deploys on a local graph-node, and deploys to Studio by slug", () => {
    const dir = recordDir(31337, ALL);
    assert.deepEqual(
      deployPlan({
        target: "local",
        network: "localhost",
        name: "freehold/freehold",
        versionLabel: "0.1.0",
        addressesDir: dir,
      }),
      [
        { args: ["create", "--node", "http://127.0.0.1:8020/", "freehold/freehold"], mayAlreadyExist: true },
        {
          args: [
            "deploy",
            "--node",
            "http://127.0.0.1:8020/",
            "--ipfs",
            "http://127.0.0.1:5001",
            "--version-label",
            "0.1.0",
            "freehold/freehold",
          ],
        },
      ],
    );
    const sepolia = recordDir(11155111, ALL);
    assert.deepEqual(
      deployPlan({
        target: "studio",
        network: "sepolia",
        name: "freehold",
        versionLabel: "v0.2.0",
        addressesDir: sepolia,
      }),
      [{ args: ["deploy", "--version-label", "v0.2.0", "freehold"] }],
    );
  });

  it("refuses to deploy a network where nothing is deployed, and bad names or versions", () => {
    const dir = recordDir(31337, ALL);
    assert.throws(
      () =>
        deployPlan({
          target: "studio",
          network: "sepolia",
          name: "freehold",
          versionLabel: "0.1.0",
          addressesDir: dir,
        }),
      /nothing is deployed on sepolia/,
    );
    assert.throws(
      () =>
        deployPlan({
          target: "local",
          network: "localhost",
          name: "Bad Name",
          versionLabel: "0.1.0",
          addressesDir: dir,
        }),
      /invalid subgraph name/,
    );
    assert.throws(
      () =>
        deployPlan({ target: "local", network: "localhost", name: "a/b", versionLabel: "latest", addressesDir: dir }),
      /not a version/,
    );
  });
});
