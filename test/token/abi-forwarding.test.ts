/**
 * The token's generated ABI (`@freehold/deployments/abi`) is what its address answers: its own functions, those its
 * fallback runs in PropertyTokenAdmin (holder votes, issue 19), and every event either logs at the token's address.
 * The chain sync decodes the token's logs with it and the web calls the token with it: an event missing there is
 * stored as unknown, a function missing there cannot be called by name.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { Contract, Interface, type InterfaceAbi } from "ethers";
import { propertyTokenAbi, propertyTokenAdminAbi } from "@freehold/deployments/abi";
import { launch } from "../factory/fixture.js";
import { deployGovernance, TERMS } from "../governance/fixture.js";

const { ethers, networkHelpers } = await network.create();
const governance = () => deployGovernance(ethers, networkHelpers);

type Item = { type: string; name?: string; inputs?: readonly { type: string }[] };
const signature = (i: Item) => `${i.type} ${i.name ?? ""}(${(i.inputs ?? []).map((x) => x.type).join(",")})`;

describe("PropertyToken's generated ABI: what the token's address answers", () => {
  it("lists every function, event and error of its administration module (but the internal refusal path)", () => {
    const token = new Set((propertyTokenAbi as readonly Item[]).map(signature));
    const missing = (propertyTokenAdminAbi as readonly Item[])
      .filter((i) => ["function", "event", "error"].includes(i.type) && i.name !== "explainRefusal")
      .map(signature)
      .filter((s) => !token.has(s));
    expect(missing).to.deep.equal([]);
    expect(token.has("function explainRefusal(uint8,uint8,address,address,bytes32,uint256)")).to.equal(false);
  });

  it("calls the module's functions by name at a launched token, and decodes the events it logs there", async () => {
    const g = await networkHelpers.loadFixture(governance);
    const generated = propertyTokenAbi as unknown as InterfaceAbi;
    const token = new Contract(await g.token.getAddress(), generated, g.platform.manager);
    expect(await token.getFunction("governor")()).to.equal(await g.governor.getAddress());
    const [identity, power] = await token.getFunction("votingPowerOf")(g.holders[0]!.address);
    expect([identity, power]).to.deep.equal([g.holders[0]!.address, 400n]);

    // A second token's governor: setGovernor logs GovernorSet at the token, which the generated ABI decodes.
    const { token: other } = await launch(g.platform);
    const factory = g.platform.factory.connect(g.platform.manager);
    const governor = await factory.launchGovernor.staticCall(await other.getAddress(), TERMS);
    await (await factory.launchGovernor(await other.getAddress(), TERMS)).wait();
    const receipt = await (
      await new Contract(await other.getAddress(), generated, g.platform.manager).getFunction("setGovernor")(governor)
    ).wait();
    const iface = new Interface(generated);
    const names = receipt.logs
      .filter((l: { address: string }) => l.address === (other as unknown as { target: string }).target)
      .map((l: { topics: string[]; data: string }) => iface.parseLog(l)?.name);
    expect(names).to.deep.equal(["GovernorSet"]);
  });
});
