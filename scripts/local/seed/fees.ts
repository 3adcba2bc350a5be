/**
 * The platform's fees in the demo, set the way its admin sets them (outside browser review: every fee was 0 on the
 * local chain, so no fee line ever showed). The primary fee is the deploy's (`npm run deploy -- --fee-bps`, passed by
 * services.ts): it is in every offering's terms from the launch, so it must be in force before the first one. The
 * other kinds start at 0 in a new schedule and only an announced increase raises them (PlatformFees: 12 weeks after its
 * announcement), so the seed's admin announces them at the start of the demo's year with the operations behind
 * `npm run ops:fees -- set <kind> <bps>`; by the time of Quayside's sale and from Harbour View's third payout they are
 * in force, and once the clock is back at now the seed records them (`apply`, as anyone may). On a chain that started
 * now they stay announced, and the fees page says when they take effect.
 */
import { NonceManager, Wallet } from "ethers";
import type { DemoAccount } from "@freehold/dev-kit/accounts";
import { artifactsOnDisk, OperatorError } from "@freehold/dev-kit/deploy";
import type { DemoChain } from "@freehold/dev-kit/demo-chain";
import { applyIncrease, changeFee, FEE_KINDS } from "../../ops/fees.operations.js";
import type { OpsContext } from "../../ops/operations.js";
import { DEMO_FEES_BPS } from "./fee-rates.js";

function opsContext(chain: DemoChain, admin: DemoAccount, recordDir: string): OpsContext {
  // Counts its own nonces from a fresh pending count (DemoChain's provider keeps no response cache: the seed's mints
  // by the same admin came just before).
  return { signer: new NonceManager(new Wallet(admin.key, chain.provider)), artifacts: artifactsOnDisk(), recordDir };
}

/** The admin brings every kind to the demo's fee: at once when lower or equal, announced when higher. */
export async function setDemoFees(
  chain: DemoChain,
  admin: DemoAccount,
  recordDir: string,
  log: (line: string) => void,
): Promise<void> {
  const ctx = opsContext(chain, admin, recordDir);
  for (const kind of FEE_KINDS) {
    const result = await changeFee(ctx, { kind, bps: DEMO_FEES_BPS[kind] });
    log(`  ${result.detail}`);
  }
}

/** Records each announced increase whose date has come (`applyIncrease`); those still ahead are said. */
export async function recordDueFees(
  chain: DemoChain,
  admin: DemoAccount,
  recordDir: string,
  log: (line: string) => void,
): Promise<void> {
  const ctx = opsContext(chain, admin, recordDir);
  for (const kind of FEE_KINDS) {
    try {
      const result = await applyIncrease(ctx, { kind });
      if (result.outcome === "applied") log(`  ${result.detail}`);
    } catch (error) {
      if (!(error instanceof OperatorError)) throw error;
      log(`  ${error.message}`);
    }
  }
}
