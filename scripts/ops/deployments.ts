/** `npm run ops:deployments [-- --network <name>]`: lists the records; with a network, checks the code on chain. */
import { artifactsOnDisk, OperatorError } from "@freehold/dev-kit/deploy";
import { parseCommand, openOps, recordsDir, runCommand } from "../lib/cli.js";
import { checkRecordedCode, formatRecords, listRecords } from "./operations.js";

const USAGE = `Usage: npm run ops:deployments -- [--network <name>]

Lists every deployment record (deployments/addresses/<chainId>.json). With --network, also checks that the
compiled code is at each recorded address of that network's chain.`;

await runCommand(USAGE, async () => {
  const { values } = parseCommand(process.argv.slice(2), {});
  if (values.help) return console.log(USAGE);
  const records = listRecords(recordsDir());
  if (!values.network) {
    console.log(records.length ? formatRecords(records) : "No deployments recorded yet.");
    return;
  }
  const { opened } = await openOps(values);
  try {
    const record = records.find((r) => r.chainId === opened.chainId);
    if (!record) throw new OperatorError(`Nothing is recorded for ${values.network} (chain ${opened.chainId})`);
    console.log(formatRecords([record], await checkRecordedCode(opened.ethers.provider, record, artifactsOnDisk())));
  } finally {
    await opened.close();
  }
});
