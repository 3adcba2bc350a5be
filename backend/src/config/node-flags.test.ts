/** Issue 17: production runs the API with SERVER_NODE_FLAGS, and this Node accepts them (a typo would not start). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { SERVER_NODE_FLAGS } from "./node-flags.ts";

describe("17 server Node flags", () => {
  it("17 npm run start:production runs the bundle with SERVER_NODE_FLAGS", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts["start:production"], `node ${SERVER_NODE_FLAGS.join(" ")} dist/server/main.js`);
  });

  it("17 this Node starts with them", () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, "-e", "0"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });
});
