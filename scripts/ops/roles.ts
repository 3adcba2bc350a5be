/** `npm run ops:roles -- grant|revoke <ROLE> <account> (--contract <RecordKey> | --token <address>)` */
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import { changeRole, type Target } from "./operations.js";

const USAGE = `Usage: npm run ops:roles -- grant|revoke <ROLE> <account> (--contract <RecordKey> | --token <address>)
                          [--network <name>] [--from <address>] [--allow-self-admin-revoke]

  --contract <RecordKey>   a platform contract of the record, e.g. IdentityRegistry, PropertyTokenFactory
  --token <address>        a property token launched by the factory
Examples:
  npm run ops:roles -- grant PROPERTY_MANAGER_ROLE 0xabc… --contract PropertyTokenFactory --network sepolia
  npm run ops:roles -- revoke AGENT_ROLE 0xabc… --token 0xdef…`;

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {
    contract: { type: "string" },
    token: { type: "string" },
    "allow-self-admin-revoke": { type: "boolean", default: false },
  });
  if (values.help) return console.log(USAGE);
  const [action, role, account, ...extra] = positionals;
  if ((action !== "grant" && action !== "revoke") || !role || !account || extra.length)
    throw new UsageError("Expected: grant|revoke <ROLE> <account>");
  if (!values.contract === !values.token) throw new UsageError("Give exactly one of --contract and --token");
  const target: Target = values.contract
    ? { key: values.contract }
    : { address: values.token!, contract: "PropertyToken" };
  const { opened, ctx } = await openOps(values);
  try {
    const result = await changeRole(ctx, {
      target,
      role,
      account,
      action,
      allowSelfAdminRevoke: values["allow-self-admin-revoke"],
    });
    console.log(
      `${result.outcome}: ${result.detail}${result.transactionHash ? ` (tx ${result.transactionHash})` : ""}`,
    );
  } finally {
    await opened.close();
  }
});
