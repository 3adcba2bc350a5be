/**
 * `npm run ops:rotate-agent -- <new agent> | --keystore <file> | --signer-url <url>`: moves the backend's key:
 * COMPLIANCE_AGENT_ROLE on the identity registry and the factory's document agent. The new agent is named by an
 * address or by the source the backend will sign with (docs/PRODUCTION.md, Signer keys).
 */
import { newAgentAddress, type NewAgent } from "./agent-source.js";
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import { rotateComplianceAgent } from "./operations.js";

const USAGE = `Usage: npm run ops:rotate-agent -- <new agent address> [--network <name>] [--from <address>]
       npm run ops:rotate-agent -- --keystore <keystore v3 file> [...]   (its address; no password needed)
       npm run ops:rotate-agent -- --signer-url <JSON-RPC signer> [...]  (the one account it holds)

Grants COMPLIANCE_AGENT_ROLE to the new address first, then revokes it from every other holder, and makes
the new address the factory's document agent (if one is set), so tokens launched from now on grant it
DOCUMENTS_ROLE. Tokens launched before keep the old key's DOCUMENTS_ROLE: each token's admin (its manager)
moves it with ops:roles. Point the backend at the new key (its signer) before running this.`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {
    keystore: { type: "string" },
    "signer-url": { type: "string" },
  });
  if (values.help) return console.log(USAGE);
  const sources: NewAgent[] = [
    ...positionals.map((address) => ({ address })),
    ...(values.keystore ? [{ keystore: values.keystore }] : []),
    ...(values["signer-url"] ? [{ signerUrl: values["signer-url"] }] : []),
  ];
  if (sources.length !== 1)
    throw new UsageError("Expected one of: <new agent address>, --keystore <file>, --signer-url <url>");
  const newAgent = await newAgentAddress(sources[0]!);
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
