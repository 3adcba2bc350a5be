/**
 * Issue 14 "Boundaries": no workspace imports another workspace's files by relative path; the lint rule in
 * eslint.config.js enforces it. ESLint's own API lints fixture sources under real file names of the tree.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";
import fc from "fast-check";
import { REPO_ROOT } from "../src/repo.js";

const eslint = new ESLint({ cwd: REPO_ROOT });
const WORKSPACES = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { workspaces: string[] })
  .workspaces;

/** The messages of the workspace-boundary rule for `source` linted as the file `file` (relative to the root). */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  assert.equal(await eslint.isPathIgnored(join(REPO_ROOT, file)), false, `${file} is linted`);
  const [result] = await eslint.lintText(source, { filePath: join(REPO_ROOT, file) });
  assert.ok(result, `ESLint linted ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `the fixture parses (${file})`);
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const fires = async (file: string, source: string) => (await boundaryErrors(file, source)).length > 0;

describe("14.1 a workspace never imports another workspace's files by relative path (lint rule)", () => {
  it("fires on each kind of import this issue found, with a message that says what to do", async () => {
    const found: [string, string][] = [
      [
        "backend/src/chain/testing/platform.ts",
        `import { deployPlatform } from "../../../../scripts/deploy/platform.ts";`,
      ],
      ["subgraph/test/support/backend.ts", `import { migrate } from "../../../backend/src/db/migrate.ts";`],
      ["subgraph/test/support/scenario.ts", `import type { DeploymentRecord } from "../../../deployments/index.js";`],
      ["web/e2e/harness/ports.ts", `export { freePort, freePorts } from "../../../scripts/local/ports";`],
      ["web/e2e/harness/wallet.ts", `import { DEMO } from "../../../scripts/local/seed/accounts";`],
      ["scripts/deploy/runner.ts", `import { readDeployment } from "../../deployments/node.js";`],
      [
        "test/token/redemption-rule.test.ts",
        `import { REASONS } from "../../web/src/compliance/complianceCodes.generated.js";`,
      ],
      ["hardhat.config.ts", `import { abis } from "./deployments/index.js";`],
      ["packages/dev-kit/src/chain.ts", `import { startProcess } from "../../../scripts/local/processes.js";`],
    ];
    for (const [file, source] of found) {
      const messages = await boundaryErrors(file, `${source}\nexport const used = 1;\n`);
      assert.equal(messages.length, 1, `${file}: ${source}`);
      assert.match(messages[0]!, /by its package name \(@freehold\/<workspace>\/<export>\)/);
    }
  });

  it("lets a workspace import its own files and other workspaces by package name", async () => {
    const allowed: [string, string][] = [
      ["backend/src/kyc/logging.test.ts", `import { signIn } from "../../test/support/harness.ts";`],
      ["subgraph/test/manifest.test.ts", `import { deployPlan } from "../scripts/deploy-plan.js";`],
      ["test/deploy/ops.test.ts", `import { runCommand } from "../../scripts/lib/cli.js";`],
      ["scripts/local/start.ts", `import { startChain } from "./chain.js";`],
      ["web/e2e/harness/platform.ts", `import { DemoChain } from "@freehold/dev-kit/demo-chain";`],
      ["subgraph/test/support/backend.ts", `import { migrate } from "@freehold/backend/testing";`],
      ["packages/dev-kit/src/deploy/platform.ts", `import { artifactsOnDisk } from "./artifacts.js";`],
      ["packages/dev-kit/src/deploy/artifacts.ts", `import { REPO_ROOT } from "../repo.js";`],
    ];
    for (const [file, source] of allowed)
      assert.deepEqual(await boundaryErrors(file, `${source}\nexport const used = 1;\n`), [], `${file}: ${source}`);
  });

  /** The workspace owning a path of the tree: the longest workspace folder it lies in, else the root (""). */
  function owner(path: string): string {
    return (
      WORKSPACES.filter((w) => path === w || path.startsWith(`${w}/`)).sort((a, b) => b.length - a.length)[0] ?? ""
    );
  }

  it("fires exactly when a relative import leaves the file's workspace (any workspace, depth and target)", async () => {
    const names = [
      "src",
      "test",
      "scripts",
      "lib",
      "support",
      "harness",
      "e2e",
      "deploy",
      ...WORKSPACES.flatMap((w) => w.split("/")),
    ];
    const segment = fc.constantFrom(...names);
    const place = fc.record({
      workspace: fc.constantFrom("", ...WORKSPACES),
      dirs: fc.array(segment, { maxLength: 5 }),
      ups: fc.nat({ max: 7 }),
      down: fc.array(segment, { minLength: 1, maxLength: 4 }),
      kind: fc.constantFrom("import", "import type", "export"),
    });
    await fc.assert(
      fc.asyncProperty(place, async ({ workspace, dirs, ups, down, kind }) => {
        const file = posix.join(workspace, ...dirs, "file.ts");
        // A root file lies in no workspace folder, and not in packages/ (which holds only workspaces).
        fc.pre(owner(file) === workspace && !(workspace === "" && file.startsWith("packages/")));
        // Generated folders ESLint ignores (subgraph/src, …) are not linted at all.
        fc.pre(!(await eslint.isPathIgnored(join(REPO_ROOT, file))));
        const specifier = (ups === 0 ? "./" : "../".repeat(ups)) + posix.join(...down, "target.js");
        const depth = dirs.length;
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        const outsideRepo = target.startsWith("../");
        // Leaving a nested workspace's folder is crossing even if the path comes back in; the root's own folder
        // holds the others, so from the root only the target's owner counts.
        const crosses = workspace === "" ? outsideRepo || owner(target) !== "" : ups > depth;
        const source =
          kind === "export"
            ? `export { x } from "${specifier}";`
            : `${kind} { x } from "${specifier}";\nexport const y: typeof x = x;\n`;
        assert.equal(await fires(file, source), crosses, `${file}: ${source}`);
      }),
      { numRuns: 150 },
    );
  });
});
