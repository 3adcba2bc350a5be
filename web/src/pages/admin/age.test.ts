import { describe, expect, it } from "vitest";
import { waitingFor } from "./age";

describe("waitingFor", () => {
  const now = Date.UTC(2026, 11, 2, 12, 0);
  it.each([
    [0, "0 minutes"],
    [1, "1 minute"],
    [59, "59 minutes"],
    [60, "1 hour"],
    [47 * 60, "47 hours"],
    [48 * 60, "2 days"],
    [30 * 1440, "30 days"],
  ])("%i minutes ago reads %s", (minutes, text) => {
    expect(waitingFor(new Date(now - minutes * 60_000).toISOString(), now)).toBe(text);
  });
});
