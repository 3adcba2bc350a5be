/**
 * `npm run ops:rotate-agent -- <new agent>`: moves the backend's key: COMPLIANCE_AGENT_ROLE on the identity registry
 * and the factory's document agent.
 */
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import { rotateComplianceAgent } from "./operations.js";

const USAGE = `Usage: npm run ops:rotate-agent -- <new agent address> [--network <name>] [--from <address>]

Grants COMPLIANCE_AGENT_ROLE to the new address first, then revokes it from every other holder, and makes
the new address the factory's document agent (if one is set), so tokens launched from now on grant it
DOCUMENTS_ROLE. Tokens launched before keep the old key's DOCUMENTS_ROLE: each token's admin (its manager)
moves it with ops:roles. Point the backend at the new key (its signer) before running this.`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {});
  if (values.help) return console.log(USAGE);
  const [newAgent, ...extra] = positionals;
  if (!newAgent || extra.length) throw new UsageError("Expected: <new agent address>");
  const { opened, ctx } = await openOps(values);
  try {
    const result = await rotateComplianceAgent(ctx, { newAgent });
    console.log(
      `${result.granted ? "granted" : "already held by"} ${newAgent}; revoked from: ${result.revoked.join(", ") || "(nobody else held it)"}`,
    );
    console.log(
      result.documentAgentMoved ? `factory document agent: now ${newAgent}` : "factory document agent: unchanged",
    );
  } finally {
    await opened.close();
  }
});
