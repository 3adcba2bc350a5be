/**
 * Gas of the platform contracts around the property token, on the real contracts wired as production wires them:
 * the factory launch (token + offering clones, with a document agent), offering subscriptions (approve and permit),
 * finalization and claims, secondary trades (post, fills, cancel), rent deposits on a token with 10 and with 1,000
 * holders, rent claims, a holder vote (issue 19: the governor's launch, a proposal, votes, the outcome) and the
 * exit (issue 19: the sale's proceeds deposited on tokens of 2 and 50 holders and of the main token, redemptions). The launched token has its compliance rules switched on (country allow-list, max holders,
 * max balance per identity), so every fill and claim pays for them.
 *
 * Conventions (stated so the numbers can be compared): investors hold stablecoin before and after paying, approve
 * the exact price, and are registered in the identity registry with their first wallet as identity id. Keys
 * without a suffix are the steady-state case (the contract already has state: not the very first subscription,
 * not the token's first deposit); `.first` keys are the one-time cost of the first one.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, ZeroAddress, getAddress, id, keccak256, sha256, toUtf8Bytes } from "ethers";
import { forwarderDomain, offeringDomain, signForwardRequest, signInvitation } from "@freehold/dev-kit/deploy";
import type { PropertyToken } from "../../../types/ethers-contracts/index.js";
import { explainGas, type BreakdownLine, type Labelled } from "./breakdown.js";
import type { GasResults } from "./measure.js";

const COUNTRY_FR = 250;
const DAY = 86_400;
const DEFAULT_PARTITION = "0x" + "00".repeat(32);
const USD = 1_000_000n;

export interface PlatformBench {
  results: GasResults;
  /** Transaction hashes of the headline operations, for `explainGas`. */
  hashes: Record<string, string>;
  /** Names and ABIs of the contracts the transactions touch. */
  labels: Labelled[];
}

/** `count` deterministic addresses that nobody controls (rent holders only need a balance). */
function syntheticHolders(count: number, seed: string): string[] {
  return Array.from({ length: count }, (_, i) => getAddress("0x" + keccak256(id(`${seed}-${i}`)).slice(26)));
}

async function hashOf(tx: Promise<{ hash: string; wait(): Promise<unknown> }>): Promise<string> {
  const sent = await tx;
  await sent.wait();
  return sent.hash;
}

export async function benchPlatform(ethers: HardhatEthers): Promise<PlatformBench> {
  const signers = await ethers.getSigners();
  // Frank acts only through the trusted forwarder (ERC-2771): the relayer (the admin here) pays his gas.
  // Grace redeems a private placement invitation.
  const [admin, agent, manager, treasury, feeRecipient, alice, bob, carol, dave, erin, frank, grace] =
    signers as HardhatEthersSigner[];
  const results: GasResults = {};
  const hashes: Record<string, string> = {};
  const measure = async (key: string, tx: Promise<{ hash: string; wait(): Promise<unknown> }>): Promise<void> => {
    const hash = await hashOf(tx);
    hashes[key] = hash;
    results[key] = Number((await ethers.provider.getTransactionReceipt(hash))!.gasUsed);
  };

  // --- the platform ---
  const stablecoin = await ethers.deployContract("TestStablecoin", ["Test USD", "tUSD", admin!.address]);
  const registry = await ethers.deployContract("IdentityRegistry", [admin!.address, agent!.address]);
  const collector = feeRecipient!.address;
  const fees = await ethers.deployContract("PlatformFees", [
    admin!.address,
    [150, 0, 0, 0],
    [collector, collector, collector, collector],
  ]);
  const forwarder = await ethers.deployContract("FreeholdForwarder");
  const trusted = await forwarder.getAddress();
  const distributor = await ethers.deployContract("RentDistributor", [
    admin!.address,
    await fees.getAddress(),
    trusted,
  ]);
  const settlement = await ethers.deployContract("Settlement", [admin!.address, await fees.getAddress(), trusted]);
  const tokenImpl = await ethers.deployContract("PropertyToken", [
    {
      name: "",
      symbol: "",
      identityRegistry: await registry.getAddress(),
      admin: ZeroAddress,
      issuer: ZeroAddress,
      controller: ZeroAddress,
      agent: ZeroAddress,
      documentAgent: ZeroAddress,
      pauser: ZeroAddress,
      rentDistributor: ZeroAddress,
      settlement: ZeroAddress,
    },
    trusted,
  ]);
  const offeringImpl = await ethers.deployContract("PropertyOffering", [trusted]);
  const factory = await ethers.deployContract("PropertyTokenFactory", [
    admin!.address,
    await registry.getAddress(),
    await distributor.getAddress(),
    await settlement.getAddress(),
    await tokenImpl.getAddress(),
    await offeringImpl.getAddress(),
    await fees.getAddress(),
  ]);
  await (await settlement.addFactory(await factory.getAddress())).wait(); // audit A-05: launched tokens only
  await (await distributor.grantRole(await distributor.REGISTRAR_ROLE(), await factory.getAddress())).wait();
  await (await fees.grantRole(await fees.LAUNCHER_ROLE(), await factory.getAddress())).wait();
  await (await factory.grantRole(await factory.PROPERTY_MANAGER_ROLE(), manager!.address)).wait();
  // As deployed: the backend's key anchors documents, so every launch also grants it DOCUMENTS_ROLE.
  await (await factory.setDocumentAgent(agent!.address)).wait();
  const batchIssuer = await ethers.deployContract("BatchIssuer");

  const expiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 5 * 365 * DAY);
  const investors = [alice!, bob!, carol!, dave!, erin!, frank!, grace!];
  for (const investor of investors) {
    await (
      await registry.connect(agent!).registerIdentity(investor.address, investor.address, COUNTRY_FR, expiry, true)
    ).wait();
    await (await stablecoin.mint(investor.address, 1_000_000n * USD)).wait();
  }

  // --- launch ---
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const launchParams = (n: number, from: bigint) => ({
    propertyId: id(`bench-property-${n}`),
    name: `Bench Property ${n}`,
    symbol: `BP${n}`,
    partition: DEFAULT_PARTITION,
    paymentToken: ZeroAddress,
    pricePerUnit: 100n * USD,
    softCap: 500n,
    hardCap: 1_000n,
    minTicket: 1n,
    maxTicket: 1_000n,
    startTime: from + 3_600n,
    endTime: from + 3_600n + 30n * BigInt(DAY),
    treasury: treasury!.address,
  });
  const asManager = factory.connect(manager!);
  const launchOne = async (n: number, key?: string): Promise<{ token: PropertyToken; offering: string }> => {
    const from = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const params = { ...launchParams(n, from), paymentToken: await stablecoin.getAddress() };
    const [token, offering] = await asManager.launch.staticCall(params);
    if (key) await measure(key, asManager.launch(params));
    else await (await asManager.launch(params)).wait();
    return { token: await ethers.getContractAt("PropertyToken", token!), offering: offering! };
  };
  const main = await launchOne(1, "factory.launch");
  const token = main.token.connect(manager!);
  const offering = await ethers.getContractAt("PropertyOffering", main.offering);
  // Rules on: French investors only, at most 500 holders, at most 5,000 units per identity.
  await (await token.setCountryMode(true)).wait();
  await (await token.setCountryRestrictions([COUNTRY_FR], true)).wait();
  await (await token.setMaxHolders(500)).wait();
  await (await token.setMaxBalancePerIdentity(5_000n)).wait();

  // --- primary offering ---
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(now + 3_600n)]);
  const offeringAddress = await offering.getAddress();
  const subscribe = async (investor: HardhatEthersSigner, units: bigint, key?: string): Promise<void> => {
    await (await stablecoin.connect(investor).approve(offeringAddress, units * 100n * USD)).wait();
    const tx = offering.connect(investor).subscribe(units);
    if (key) await measure(key, tx);
    else await (await tx).wait();
  };
  await subscribe(alice!, 200n, "offering.subscribe.first");
  await subscribe(bob!, 200n, "offering.subscribe");
  const { chainId } = await ethers.provider.getNetwork();
  /** An EIP-2612 permit of the stablecoin signed by `owner`. */
  const permit = async (owner: HardhatEthersSigner, spender: string, value: bigint, deadline: bigint) =>
    Signature.from(
      await owner.signTypedData(
        { name: "Test USD", version: "1", chainId, verifyingContract: await stablecoin.getAddress() },
        {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        { owner: owner.address, spender, value, nonce: await stablecoin.nonces(owner.address), deadline },
      ),
    );
  const forwarderAddress = await forwarder.getAddress();
  /** What a relayer pays: `signer`'s request (EIP-712) for `data` on `to`, through the trusted forwarder. */
  const forwarded = async (signer: HardhatEthersSigner, to: string, data: string) => {
    const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 3_600);
    const call = { from: signer.address, to, data, gas: 500_000n, deadline };
    const domain = forwarderDomain(chainId, forwarderAddress);
    const request = await signForwardRequest(signer, domain, call, await forwarder.nonces(signer.address));
    return forwarder.connect(admin!).execute(request);
  };
  {
    const deadline = now + 10n * BigInt(DAY);
    const signature = await permit(carol!, offeringAddress, 200n * 100n * USD, deadline);
    await measure(
      "offering.subscribeWithPermit",
      offering.connect(carol!).subscribeWithPermit(200n, deadline, signature.v, signature.r, signature.s),
    );
  }
  // Issue 20: the offering's terms carry the platform's primary fee (150 bps; taken at release, not at subscription).
  if ((await offering.terms()).feeBps === 0n) throw new Error("the bench offering must carry a primary fee");
  await subscribe(dave!, 100n, "offering.subscribe.withFee");
  {
    // Issue 20, gasless: the same subscription with a permit, relayed (compare offering.subscribeWithPermit).
    const deadline = now + 10n * BigInt(DAY);
    const signature = await permit(frank!, offeringAddress, 100n * 100n * USD, deadline);
    const data = offering.interface.encodeFunctionData("subscribeWithPermit", [
      100n,
      deadline,
      signature.v,
      signature.r,
      signature.s,
    ]);
    await measure("forwarder.subscribe", forwarded(frank!, offeringAddress, data));
  }
  {
    // Issue 20, private placement: the issuer's invitation (EIP-712) redeemed at its own price (compare
    // offering.subscribe: the signature check and the invitation's books).
    const signed = await signInvitation(manager!, offeringDomain(chainId, offeringAddress), {
      identity: grace!.address,
      minUnits: 1n,
      maxUnits: 100n,
      pricePerUnit: 90n * USD,
      expiry: now + 10n * BigInt(DAY),
      salt: id("bench-invitation-1"),
    });
    await (await stablecoin.connect(grace!).approve(offeringAddress, 100n * 90n * USD)).wait();
    await measure(
      "offering.subscribeWithInvitation",
      offering.connect(grace!).subscribeWithInvitation(signed.invitation, 100n, signed.signature),
    );
  }
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(now + 3_600n + 30n * BigInt(DAY))]);
  await measure("offering.finalize", offering.connect(manager!).finalize());
  await measure("offering.claim", offering.connect(alice!).claim());
  await (await offering.connect(bob!).claim()).wait();
  await (await offering.connect(carol!).claim()).wait();
  await (await offering.connect(dave!).claimFor(dave!.address)).wait();
  await (await offering.connect(grace!).claim()).wait();
  await measure(
    "forwarder.claimUnits",
    forwarded(frank!, offeringAddress, offering.interface.encodeFunctionData("claim")),
  );

  // --- secondary market ---
  const tokenAddress = await token.getAddress();
  const settlementAddress = await settlement.getAddress();
  const orderExpiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 7 * DAY);
  const stable = await stablecoin.getAddress();
  await measure(
    "settlement.post",
    settlement
      .connect(alice!)
      .postOrder(tokenAddress, DEFAULT_PARTITION, 100n, 110n * USD, stable, ZeroAddress, orderExpiry),
  );
  const fill = async (buyer: HardhatEthersSigner, units: bigint, key: string): Promise<void> => {
    await (await stablecoin.connect(buyer).approve(settlementAddress, units * 110n * USD)).wait();
    await measure(key, settlement.connect(buyer).fill(1n, units));
  };
  await fill(bob!, 30n, "settlement.fill"); // partial fill, buyer already holds units
  await fill(erin!, 20n, "settlement.fill.new"); // partial fill, buyer new to the token
  await fill(carol!, 50n, "settlement.fill.full"); // takes the rest: the order is deleted
  await (
    await settlement
      .connect(bob!)
      .postOrder(tokenAddress, DEFAULT_PARTITION, 10n, 110n * USD, stable, ZeroAddress, orderExpiry)
  ).wait();
  await measure("settlement.cancel", settlement.connect(bob!).cancel(2n));

  // --- rent ---
  const distributorAddress = await distributor.getAddress();
  await (await stablecoin.mint(manager!.address, 10_000_000n * USD)).wait();
  await (await stablecoin.connect(manager!).approve(distributorAddress, 10_000_000n * USD)).wait();
  const asDepositor = distributor.connect(manager!);
  // Each deposit pays out its own period, named by the SHA-256 of its statement.
  let periods = 0;
  const depositRent = (key: string, token: string, amount: bigint): Promise<void> =>
    measure(key, asDepositor.deposit(token, amount, sha256(toUtf8Bytes(`bench period ${++periods}`))));
  await depositRent("distribution.deposit.first", tokenAddress, 10_000n * USD);
  await measure("distribution.claim", distributor.connect(alice!).claim(tokenAddress));
  // Issue 20, gasless: the same first claim, relayed (compare distribution.claim).
  await measure(
    "forwarder.claim",
    forwarded(frank!, distributorAddress, distributor.interface.encodeFunctionData("claim", [tokenAddress])),
  );
  await depositRent("distribution.deposit", tokenAddress, 10_000n * USD);

  // Two more properties: 10 holders (alice among them) and 1,000 holders, 10 units each.
  const populate = async (n: number, holders: string[]): Promise<PropertyToken> => {
    const { token: t } = await launchOne(n);
    await (await t.connect(manager!).grantRole(await t.ISSUER_ROLE(), await batchIssuer.getAddress())).wait();
    for (let i = 0; i < holders.length; i += 100) {
      const batch = holders.slice(i, i + 100);
      const fresh = [];
      for (const h of batch) if (!(await registry.contains(h))) fresh.push(h);
      if (fresh.length > 0) {
        await (
          await registry.connect(agent!).batchRegisterIdentity(
            fresh,
            fresh,
            fresh.map(() => COUNTRY_FR),
            fresh.map(() => expiry),
            fresh.map(() => true),
          )
        ).wait();
      }
      await (await batchIssuer.issueMany(await t.getAddress(), DEFAULT_PARTITION, batch, 10n)).wait();
    }
    return t;
  };
  const ten = await populate(2, [alice!.address, ...syntheticHolders(9, "ten")]);
  const thousand = await populate(3, syntheticHolders(1_000, "thousand"));
  if ((await ten.holderCount()) !== 10n || (await thousand.holderCount()) !== 1_000n)
    throw new Error("holder set-up failed");
  await depositRent("distribution.deposit.first.holders10", await ten.getAddress(), 1_000n * USD);
  await depositRent("distribution.deposit.first.holders1000", await thousand.getAddress(), 1_000n * USD);
  await depositRent("distribution.deposit.holders10", await ten.getAddress(), 1_000n * USD);
  await depositRent("distribution.deposit.holders1000", await thousand.getAddress(), 1_000n * USD);
  // Alice: rent of two properties, several deposits each, in one call.
  await measure(
    "distribution.claimMany.2tokens",
    distributor.connect(alice!).claimMany([tokenAddress, await ten.getAddress()]),
  );

  // Issue 20: a rent fee (1 %) and a trade fee (0.5 %), announced and in effect 12 weeks later. The manager deposits
  // gross, the fee goes to the rent collector at deposit, and a holder's first claim is of the net (the same path as
  // `distribution.claim`); a partial fill by a buyer who holds units pays the seller minus the fee (as
  // `settlement.fill`, plus the fee's transfer to the collector).
  await (await fees.announceIncrease(1, 100)).wait();
  await (await fees.announceIncrease(2, 50)).wait();
  await (await fees.announceIncrease(3, 100)).wait(); // issue 19: the exit fee (1 %), taken at the exit's deposit
  await ethers.provider.send("evm_increaseTime", [12 * 7 * DAY]);
  await depositRent("distribution.deposit.withFee", tokenAddress, 10_000n * USD);
  await measure("distribution.claim.withFee", distributor.connect(bob!).claim(tokenAddress));
  const laterExpiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 7 * DAY);
  await (
    await settlement
      .connect(alice!)
      .postOrder(tokenAddress, DEFAULT_PARTITION, 20n, 110n * USD, stable, ZeroAddress, laterExpiry)
  ).wait();
  await (await stablecoin.connect(bob!).approve(settlementAddress, 10n * 110n * USD)).wait();
  await measure("settlement.fill.withFee", settlement.connect(bob!).fill(3n, 10n));

  // --- holder votes (issue 19), on the main token: the manager makes its governor through the factory, names it on
  // the token and proposes; holders vote (an identity's first vote, and a change of vote); anyone records the outcome.
  const governorImpl = await ethers.deployContract("PropertyGovernor", [trusted]);
  await (await factory.setGovernorImplementation(await governorImpl.getAddress())).wait();
  const governorTerms = { votingPeriod: 7 * DAY, quorumBps: 3_000, approvalBps: 6_000, proposerThreshold: 100n };
  const governorAddress = await asManager.launchGovernor.staticCall(tokenAddress, governorTerms);
  await measure("governance.launchGovernor", asManager.launchGovernor(tokenAddress, governorTerms));
  const snapshots = await ethers.getContractAt("IPropertyTokenSnapshots", tokenAddress, manager!);
  await measure("governance.setGovernor", snapshots.setGovernor(governorAddress));
  const governor = await ethers.getContractAt("PropertyGovernor", governorAddress);
  await measure(
    "governance.propose",
    governor.connect(manager!).propose(0, 5_000_000n * USD, ZeroAddress, id("bench sale proposal")),
  );
  await (await governor.connect(bob!).castVote(1n, 0)).wait(); // the tally's slot is written once before
  await measure("governance.vote", governor.connect(alice!).castVote(1n, 1));
  await measure("governance.vote.change", governor.connect(bob!).castVote(1n, 1));
  await ethers.provider.send("evm_increaseTime", [7 * DAY]);
  await measure("governance.finalize", governor.connect(carol!).finalize(1n));

  // --- the exit (issue 19) ---
  // Two more properties, 2 and 50 holders of 10 units each (alice and bob among them), each with its governor (quorum
  // 0.01 %: alice's vote carries it) and exit: the deposit of an approved sale's proceeds must cost the same for both.
  const exitImpl = await ethers.deployContract("PropertyExit", [trusted]);
  await (await factory.setExitImplementation(await exitImpl.getAddress())).wait();
  // A one-day vote: the main token's sale (approved above) must still be in its execution window (its vote's end plus
  // one voting period, audit 2026-12) when these two votes have ended.
  const exitTerms = { ...governorTerms, quorumBps: 1, votingPeriod: DAY };
  const saleDoc = id("bench sale document");
  /** Makes `t`'s governor and exit, approves a sale (minimum 1,000,000 USD), funds the manager. */
  const exitFor = async (t: string, terms: typeof governorTerms, approved: boolean, key?: string) => {
    let governorOfT = governorAddress;
    if (!approved) {
      governorOfT = await asManager.launchGovernor.staticCall(t, terms);
      await (await asManager.launchGovernor(t, terms)).wait();
      await (
        await (await ethers.getContractAt("IPropertyTokenSnapshots", t, manager!)).setGovernor(governorOfT)
      ).wait();
    }
    const exitAddress = await asManager.launchExit.staticCall(t);
    // launchExit also names the exit on the token (setExit, which only a platform factory may call).
    if (key) await measure(`${key}.launchExit`, asManager.launchExit(t));
    else await (await asManager.launchExit(t)).wait();
    if (!approved) {
      const g = await ethers.getContractAt("PropertyGovernor", governorOfT);
      await (await g.connect(manager!).propose(0, 1_000_000n * USD, ZeroAddress, saleDoc)).wait();
      await (await g.connect(alice!).castVote(1n, 1)).wait();
    }
    await (await stablecoin.mint(manager!.address, 5_000_000n * USD)).wait();
    await (await stablecoin.connect(manager!).approve(exitAddress, 5_000_000n * USD)).wait();
    return ethers.getContractAt("PropertyExit", exitAddress);
  };
  const two = await populate(4, [alice!.address, bob!.address]);
  const fifty = await populate(5, [alice!.address, bob!.address, ...syntheticHolders(48, "fifty")]);
  if ((await two.holderCount()) !== 2n || (await fifty.holderCount()) !== 50n) throw new Error("exit set-up failed");
  const exitTwo = await exitFor(await two.getAddress(), exitTerms, false);
  const exitFifty = await exitFor(await fifty.getAddress(), exitTerms, false);
  const exitMain = await exitFor(tokenAddress, governorTerms, true, "exit");
  await ethers.provider.send("evm_increaseTime", [DAY]);
  await measure("exit.deposit.holders2", exitTwo.connect(manager!).depositProceeds(1n, 1_000_000n * USD));
  await measure("exit.deposit.holders50", exitFifty.connect(manager!).depositProceeds(1n, 1_000_000n * USD));
  // The main token: rules on, rent accrued; the sale approved above (proposal 1, 5,000,000 USD at least).
  await measure("exit.deposit", exitMain.connect(manager!).depositProceeds(1n, 5_000_000n * USD));
  // Bob holds stablecoin already (as every convention here) and units with rent recorded; alice's units are partly
  // held for her open order, a hold the burn releases.
  await measure("exit.redeem", exitMain.connect(bob!).redeem());
  await measure("exit.redeem.withHold", exitMain.connect(alice!).redeem());

  const labels: Labelled[] = [
    { address: tokenAddress, name: "token", iface: token.interface },
    { address: await ten.getAddress(), name: "token", iface: token.interface },
    { address: await thousand.getAddress(), name: "token", iface: token.interface },
    { address: await tokenImpl.getAddress(), name: "token", iface: token.interface },
    { address: await registry.getAddress(), name: "registry", iface: registry.interface },
    { address: stable, name: "stablecoin", iface: stablecoin.interface },
    { address: distributorAddress, name: "distributor", iface: distributor.interface },
    { address: await fees.getAddress(), name: "fees", iface: fees.interface },
    { address: settlementAddress, name: "settlement", iface: settlement.interface },
    { address: governorAddress, name: "governor", iface: governor.interface },
    { address: await exitMain.getAddress(), name: "exit", iface: exitMain.interface },
    { address: await exitImpl.getAddress(), name: "exit", iface: exitMain.interface },
  ];
  return { results, hashes, labels };
}

export { explainGas, type BreakdownLine };
