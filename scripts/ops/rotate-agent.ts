/** `npm run ops:rotate-agent -- <new agent>`: moves COMPLIANCE_AGENT_ROLE on the identity registry to a new key. */
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import { rotateComplianceAgent } from "./operations.js";

const USAGE = `Usage: npm run ops:rotate-agent -- <new agent address> [--network <name>] [--from <address>]

Grants COMPLIANCE_AGENT_ROLE to the new address first, then revokes it from every other holder.
Point the backend at the new key (its signer) before running this, so identity writes never stop.`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {});
  if (values.help) return console.log(USAGE);
  const [newAgent, ...extra] = positionals;
  if (!newAgent || extra.length) throw new UsageError("Expected: <new agent address>");
  const { opened, ctx } = await openOps(values);
  try {
    const result = await rotateComplianceAgent(ctx, { newAgent });
    console.log(`${result.granted ? "granted" : "already held by"} ${newAgent}; revoked from: ${result.revoked.join(", ") || "(nobody else held it)"}`);
  } finally {
    await opened.close();
  }
});
