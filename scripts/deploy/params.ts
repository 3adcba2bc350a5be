/** Deploy parameters from the command line, falling back to the environment (flags win). */
import { parseArgs } from "node:util";
import type { PlatformParams } from "@freehold/dev-kit/deploy";

export const DEPLOY_USAGE = `Usage: npm run deploy -- [--network <name>] [options]

Deploys what is missing of the platform to a network of hardhat.config.ts and records it in
deployments/addresses/<chainId>.json. Keys come from the environment or Hardhat's keystore.

Options (environment variable in brackets):
  --network <name>            network to deploy to (default: localhost)
  --dry-run                   rehearse on a local fork of the network; nothing is sent, the record is untouched
  --admin <address>           final DEFAULT_ADMIN_ROLE holder [FREEHOLD_ADMIN] (default: the deployer)
  --compliance-agent <addr>   the backend's signer: COMPLIANCE_AGENT_ROLE on the registry, and the factory's document
                              agent (DOCUMENTS_ROLE on every token launched) [FREEHOLD_COMPLIANCE_AGENT]
  --property-manager <addr>   may launch properties; repeat for several [FREEHOLD_PROPERTY_MANAGERS, comma-separated]
  --controller <address>      CONTROLLER_ROLE where a platform contract has it [FREEHOLD_CONTROLLER]
  --pauser <address>          PAUSER_ROLE where a platform contract has it [FREEHOLD_PAUSER]
  --payment-token <address>   the stablecoin; required outside test networks [FREEHOLD_PAYMENT_TOKEN]
  --fee-recipient <address>   collects every kind of platform fee (PlatformFees) [FREEHOLD_FEE_RECIPIENT] (default: admin)
  --fee-bps <n>               primary fee (offering proceeds), basis points, at most 500 [FREEHOLD_FEE_BPS] (default: 0);
                              on a re-run a lower fee applies at once, a higher one is announced and applies 12 weeks
                              later (offerings already launched keep theirs)
  --renounce-deployer         the deployer gives up its admin role once --admin holds it
  --confirmations <n>         blocks to wait per transaction [FREEHOLD_CONFIRMATIONS] (default: 1 local, 2 otherwise)
  --redeploy <key>            deploy this record key anew; repeat for several
  --from <address>            sign with this configured account instead of the first
  --help`;

export interface DeployCommand {
  network: string;
  dryRun: boolean;
  from?: string;
  confirmations?: number;
  redeploy: string[];
  params: PlatformParams;
  help: boolean;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseDeployCommand(argv: readonly string[], env: NodeJS.ProcessEnv): DeployCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      network: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      admin: { type: "string" },
      "compliance-agent": { type: "string" },
      "property-manager": { type: "string", multiple: true },
      controller: { type: "string" },
      pauser: { type: "string" },
      "payment-token": { type: "string" },
      "fee-recipient": { type: "string" },
      "fee-bps": { type: "string" },
      "renounce-deployer": { type: "boolean", default: false },
      confirmations: { type: "string" },
      redeploy: { type: "string", multiple: true },
      from: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const wholeNumber = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined || text === "") return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number >= ${min}, not ${JSON.stringify(text)}`);
    return n;
  };
  const confirmations = wholeNumber("confirmations", values.confirmations ?? env["FREEHOLD_CONFIRMATIONS"], 1);
  const feeBps = wholeNumber("fee-bps", values["fee-bps"] ?? env["FREEHOLD_FEE_BPS"], 0);
  const managers = values["property-manager"] ?? list(env["FREEHOLD_PROPERTY_MANAGERS"]);
  const params: PlatformParams = {
    admin: values.admin ?? env["FREEHOLD_ADMIN"],
    complianceAgent: values["compliance-agent"] ?? env["FREEHOLD_COMPLIANCE_AGENT"],
    propertyManagers: managers,
    controller: values.controller ?? env["FREEHOLD_CONTROLLER"],
    pauser: values.pauser ?? env["FREEHOLD_PAUSER"],
    paymentToken: values["payment-token"] ?? env["FREEHOLD_PAYMENT_TOKEN"],
    feeRecipient: values["fee-recipient"] ?? env["FREEHOLD_FEE_RECIPIENT"],
    feeBps,
    renounceDeployer: values["renounce-deployer"],
  };
  // Unset options stay absent (not empty strings) so the defaults apply.
  const present = Object.entries(params).filter(([, v]) => v !== undefined && v !== "");
  return {
    network: values.network ?? "localhost",
    dryRun: values["dry-run"],
    from: values.from,
    confirmations,
    redeploy: values.redeploy ?? [],
    params: Object.fromEntries(present) as PlatformParams,
    help: values.help,
  };
}
