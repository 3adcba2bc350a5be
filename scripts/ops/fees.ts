/** `npm run ops:fees -- show | set | cancel | apply | collector | discount | remove-discount`: the platform's fees. */
import { formatTable } from "@freehold/dev-kit/deploy";
import { parseCommand, openOps, runCommand, UsageError } from "../lib/cli.js";
import {
  applyIncrease,
  cancelIncrease,
  changeFee,
  feeSchedule,
  maximumFeeBps,
  parseBps,
  parseFeeKind,
  removeDiscount,
  setCollector,
  setDiscount,
  type DiscountTarget,
  type FeeKindName,
  type FeeOperationResult,
} from "./fees.operations.js";
import type { OpsContext } from "./operations.js";

const USAGE = `Usage: npm run ops:fees -- <command> [--network <name>] [--from <address>]

  show                                         the schedule: each kind's fee, collector and announced increase
  set <kind> <bps>                             a lower fee applies at once; a higher one is announced and applies
                                               12 weeks later (offerings already open keep their fee)
  cancel <kind>                                withdraws an announced increase
  apply <kind>                                 records an increase whose date has come (anyone)
  collector <kind> <address>                   who receives the fee of that kind
  discount <kind> <bps> (--property <uuid> --manager <address> | --token <address>)
                                               a lower fee for one property: by its registry id and its manager
                                               before its launch (only that manager's launch gets it; its offering
                                               starts with it), or on its launched token
  remove-discount <kind> (--property <uuid> | --token <address>)

  <kind>: primary (offering proceeds), rent (management fee on rent), trade (secondary trades), exit (sale proceeds)
  <bps>: basis points, 100 = 1 %, at most the contract's maximum (500 = 5 %)
Examples:
  npm run ops:fees -- set trade 50 --network sepolia
  npm run ops:fees -- discount primary 50 --property 0b6f9c1e-5d2a-4f8e-9a7b-3c1d2e4f5a6b --manager 0xManager`;

function discountTarget(
  values: { property?: string; token?: string; manager?: string },
  withManager: boolean,
): DiscountTarget {
  if (!values.property === !values.token) throw new UsageError("Give exactly one of --property and --token");
  if (values.token) {
    if (values.manager) throw new UsageError("--manager goes with --property (a discount before launch)");
    return { token: values.token };
  }
  if (withManager && !values.manager)
    throw new UsageError("A discount before launch names the property's manager: --manager <address>");
  if (!withManager && values.manager) throw new UsageError("remove-discount takes no --manager");
  return { property: values.property!, ...(values.manager ? { manager: values.manager } : {}) };
}

async function change(
  ctx: OpsContext,
  command: string,
  kind: FeeKindName,
  arg: string | undefined,
  values: { property?: string; token?: string; manager?: string },
): Promise<FeeOperationResult> {
  switch (command) {
    case "set":
      return changeFee(ctx, { kind, bps: parseBps(arg!, await maximumFeeBps(ctx)) });
    case "cancel":
      return cancelIncrease(ctx, { kind });
    case "apply":
      return applyIncrease(ctx, { kind });
    case "collector":
      return setCollector(ctx, { kind, collector: arg! });
    case "discount":
      return setDiscount(ctx, {
        kind,
        bps: parseBps(arg!, await maximumFeeBps(ctx)),
        target: discountTarget(values, true),
      });
    default:
      return removeDiscount(ctx, { kind, target: discountTarget(values, false) });
  }
}

await runCommand(USAGE, async () => {
  const { values, positionals } = parseCommand(process.argv.slice(2), {
    property: { type: "string" },
    manager: { type: "string" },
    token: { type: "string" },
  });
  if (values.help) return console.log(USAGE);
  const [command, ...args] = positionals;
  const arity: Record<string, number> = {
    show: 0,
    set: 2,
    cancel: 1,
    apply: 1,
    collector: 2,
    discount: 2,
    "remove-discount": 1,
  };
  if (!command || !(command in arity)) throw new UsageError(`Unknown command ${JSON.stringify(command ?? "")}`);
  if (args.length !== arity[command]) throw new UsageError(`${command} takes ${arity[command]} argument(s)`);
  const { opened, ctx } = await openOps(values);
  try {
    if (command === "show") {
      const rows = await feeSchedule(ctx);
      console.log(
        formatTable(
          ["kind", "fee (bps)", "collector", "announced increase"],
          rows.map((r) => [
            r.kind,
            String(r.bps),
            r.collector,
            r.pending ? `${r.pending.bps} bps from ${r.pending.effectiveAt.toISOString()}` : "-",
          ]),
        ),
      );
      return;
    }
    const result = await change(ctx, command, parseFeeKind(args[0]!), args[1], values);
    console.log(
      `${result.outcome}: ${result.detail}${result.transactionHash ? ` (tx ${result.transactionHash})` : ""}`,
    );
  } finally {
    await opened.close();
  }
});
