/**
 * `npm run generate -w subgraph` (also the first step of `build`): writes subgraph.yaml for one network and
 * networks.json for all of them, from the compiled ABIs and the deployment records (see manifest.ts).
 *
 * Environment: FREEHOLD_SUBGRAPH_NETWORK (default `localhost`), FREEHOLD_DEPLOYMENTS_DIR (default
 * deployments/addresses). A network without a deployment record gets zero addresses, with a warning: such a
 * build is fine for codegen, compilation and the mapping tests, and the deploy scripts refuse to ship it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ADDRESSES_DIR, generateManifest, SUBGRAPH_DIR } from "./manifest.js";

const network = process.env["FREEHOLD_SUBGRAPH_NETWORK"] || "localhost";
const addressesDir = process.env["FREEHOLD_DEPLOYMENTS_DIR"] || ADDRESSES_DIR;
try {
  const { manifest, networks, placeholders } = generateManifest({ network, addressesDir });
  writeFileSync(join(SUBGRAPH_DIR, "subgraph.yaml"), manifest);
  writeFileSync(join(SUBGRAPH_DIR, "networks.json"), JSON.stringify(networks, null, 2) + "\n");
  console.log(`subgraph.yaml written for ${network}; networks.json lists ${Object.keys(networks).join(", ")}`);
  for (const name of placeholders) {
    console.warn(
      `warning: no deployment record for ${name}: its addresses are zero placeholders (deploy first to index it)`,
    );
  }
} catch (error) {
  console.error(`Cannot generate the subgraph manifest: ${(error as Error).message}`);
  process.exitCode = 1;
}
