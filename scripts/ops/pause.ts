/** `npm run ops:pause -- pause|unpause <token>`: halts or resumes a property token (PAUSER_ROLE). */
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import { setPaused } from "./operations.js";

const USAGE = `Usage: npm run ops:pause -- pause|unpause <token address> [--network <name>] [--from <address>]`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {});
  if (values.help) return console.log(USAGE);
  const [action, token, ...extra] = positionals;
  if ((action !== "pause" && action !== "unpause") || !token || extra.length)
    throw new UsageError("Expected: pause|unpause <token address>");
  const { opened, ctx } = await openOps(values);
  try {
    const result = await setPaused(ctx, { token, paused: action === "pause" });
    console.log(
      `${result.outcome}: ${result.detail}${result.transactionHash ? ` (tx ${result.transactionHash})` : ""}`,
    );
  } finally {
    await opened.close();
  }
});
