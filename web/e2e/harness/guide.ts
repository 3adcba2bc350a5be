/**
 * Guides as executable journeys. Every numbered step of a user guide (`docs/guides/<name>.md`, a top-level ordered
 * list item that starts with a bold title: `1. **Connect your wallet.** …`) must be one step of that guide's
 * Chromium journey, in the guide's order. A guide step the app cannot do then fails `npm test`, so the guide and
 * the app cannot drift apart again.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@freehold/dev-kit/repo";

export interface GuideStep {
  /** The step's bold title without its final punctuation, e.g. "Connect your wallet". */
  title: string;
  /** The section heading the step sits under. */
  section: string;
  /** 1-based line in the guide, for messages. */
  line: number;
}

const ORDERED_ITEM = /^(\d+)\.\s+(.*)$/;
const BOLD_LEAD = /^\*\*(.+?)\*\*/;

/** The numbered steps of a guide's markdown, in document order. Items inside code fences are not steps. */
export function parseGuideSteps(markdown: string): GuideStep[] {
  const steps: GuideStep[] = [];
  let section = "";
  let fenced = false;
  markdown.split("\n").forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    if (heading) section = heading[1]!.trim();
    const item = ORDERED_ITEM.exec(text);
    if (!item) return;
    const lead = BOLD_LEAD.exec(item[2]!);
    if (!lead) throw new Error(`guide line ${index + 1}: a numbered step starts with a bold title (1. **Do this.** …)`);
    steps.push({ title: lead[1]!.trim().replace(/[.:!?]+$/, ""), section, line: index + 1 });
  });
  return steps;
}

export function guidePath(name: string): string {
  return join(REPO_ROOT, "docs", "guides", `${name}.md`);
}

/**
 * One guide's journey. Call `step(title, run)` once per guide step, in order (across `it` blocks of one file), and
 * `assertComplete()` in `after`: a step missing, renamed or out of order fails the journey.
 */
export class GuideJourney {
  readonly steps: GuideStep[];
  private next = 0;

  constructor(readonly name: string) {
    this.steps = parseGuideSteps(readFileSync(guidePath(name), "utf8"));
    assert.ok(this.steps.length > 0, `docs/guides/${name}.md has no numbered steps`);
  }

  async step<T>(title: string, run: () => Promise<T>): Promise<T> {
    const expected = this.steps[this.next];
    assert.ok(expected, `docs/guides/${this.name}.md has no step "${title}" after its last one`);
    assert.equal(
      title,
      expected.title,
      `docs/guides/${this.name}.md line ${expected.line} (${expected.section}) is the next step`,
    );
    this.next += 1;
    const started = Date.now();
    try {
      const result = await run();
      // Where a guide's journey spends its time, in the run's output.
      console.log(`# ${this.name} step ${this.next} "${title}": ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return result;
    } catch (error) {
      // The cause's message goes into ours: test reporters (TAP, JUnit) print a message but not its cause.
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`guide ${this.name}, step ${this.next} "${title}" (line ${expected.line}) failed: ${why}`, {
        cause: error,
      });
    }
  }

  assertComplete(): void {
    const missing = this.steps.slice(this.next).map((s) => `line ${s.line}: ${s.title}`);
    assert.deepEqual(missing, [], `docs/guides/${this.name}.md steps that the journey did not perform`);
  }
}
