/**
 * What `npm run deploy:local` and `npm run deploy:studio` run (see deploy.ts): the graph-cli commands for a target,
 * refusing a network whose addresses are placeholders (nothing deployed there yet), so a subgraph that would
 * index nothing is never shipped.
 */
import { networkAddresses, NETWORKS } from "./manifest.js";

export interface DeployTarget {
  target: "local" | "studio";
  network: string;
  /** Subgraph name on the local graph-node, or the Subgraph Studio slug. */
  name: string;
  versionLabel: string;
  node?: string;
  ipfs?: string;
  addressesDir?: string;
}

export interface PlannedCommand {
  /** Arguments of graph-cli (`graph <args>`). */
  args: string[];
  /** `graph create` of a name that already exists is fine (a redeploy). */
  mayAlreadyExist?: boolean;
}

export function deployPlan(t: DeployTarget): PlannedCommand[] {
  if (!(t.network in NETWORKS))
    throw new Error(`unknown network ${t.network}: one of ${Object.keys(NETWORKS).join(", ")}`);
  if (!/^[a-z0-9][a-z0-9-/]*$/.test(t.name)) throw new Error(`invalid subgraph name ${t.name}`);
  if (!/^v?\d+\.\d+\.\d+[0-9a-z.-]*$/.test(t.versionLabel))
    throw new Error(`version label ${t.versionLabel} is not a version (e.g. 0.1.0)`);
  const { placeholders } = networkAddresses(t.addressesDir);
  if (placeholders.includes(t.network)) {
    throw new Error(
      `nothing is deployed on ${t.network} (no record for chain ${NETWORKS[t.network]}): deploy the platform first`,
    );
  }
  if (t.target === "local") {
    const node = t.node ?? "http://127.0.0.1:8020/";
    const ipfs = t.ipfs ?? "http://127.0.0.1:5001";
    return [
      { args: ["create", "--node", node, t.name], mayAlreadyExist: true },
      { args: ["deploy", "--node", node, "--ipfs", ipfs, "--version-label", t.versionLabel, t.name] },
    ];
  }
  // Subgraph Studio: `graph auth <deploy key>` must have been run once (the key never enters the repository).
  return [{ args: ["deploy", "--version-label", t.versionLabel, t.name] }];
}
