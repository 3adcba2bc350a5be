/** bench:scale's files have the documented shape (tiny made-up runs: no database, no load). */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { Run } from "./measure.ts";
import { scaleReport, scaleTable, writeScale } from "./scale-report.ts";

const run = (rps: number, p99ms: number): Run => ({ rps, p99ms, p50ms: p99ms / 2, errors: 0, non2xx: 0 });
const sizes = [1, 10, 100].map((factor) => ({ factor, rows: { properties: 1_000 * factor } }));

describe("bench:scale report", () => {
  it("holds per measure and size rps, p50, p99 and ratios to 1x, and judges p99 growth against 2x", async () => {
    const report = scaleReport(
      sizes,
      [
        { list: run(1000, 10), audit: run(500, 20) },
        { list: run(900, 12), audit: run(400, 30) },
        { list: run(800, 19), audit: run(100, 41) },
      ],
      { cpus: 2 },
      "2026-12-02T16:00:00.000Z",
    );
    assert.deepEqual(report.measures["list"]!.at(-1), {
      factor: 100,
      rps: 800,
      p50ms: 9.5,
      p99ms: 19,
      errors: 0,
      rpsRatioTo1x: 0.8,
      p99RatioTo1x: 1.9,
    });
    assert.deepEqual(report.targets, {
      list: { p99Growth: 1.9, atMost2x: true },
      audit: { p99Growth: 2.05, atMost2x: false },
    });
    assert.deepEqual(
      report.sizes.map((s) => s.factor),
      [1, 10, 100],
    );
    const table = scaleTable(report).split("\n");
    assert.equal(table.length, 1 + 2 * 3);
    assert.match(table[3]!, /^list\s+100x\s+800\s+9\.5\s+19\s+0\.8\s+1\.9$/);

    const dir = await mkdtemp(path.join(os.tmpdir(), "scale-report-"));
    try {
      const written = await writeScale(dir, report);
      assert.deepEqual(JSON.parse(await readFile(written.json, "utf8")), report);
      const svg = await readFile(written.svg, "utf8");
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svg, /<\/svg>\n$/);
      // one line of three points per measure, named in the legend with its growth
      for (const name of ["list", "audit"]) {
        const line = new RegExp(`<polyline data-measure="${name}" points="([^"]+)"`).exec(svg);
        assert.equal(line?.[1]?.split(" ").length, 3, name);
      }
      assert.match(svg, />audit \(2\.05x\)</);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails a measure with a size at which no request completed instead of calling its growth 0", () => {
    for (const empty of [0, 1, 2]) {
      const runs = [0, 1, 2].map((i) => ({ list: i === empty ? run(0, 0) : run(10, 5) }));
      assert.deepEqual(scaleReport(sizes, runs, {}).targets["list"], { p99Growth: null, atMost2x: false }, `${empty}`);
    }
  });
});
