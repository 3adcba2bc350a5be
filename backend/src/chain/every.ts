/** A background pass repeated every `pollMs` until `signal` aborts; a failed pass is logged and the loop goes on. */
import type { SenderLogger } from "./sender.ts";

export async function repeatEvery(
  pollMs: number,
  signal: AbortSignal,
  pass: () => Promise<void>,
  failure: { logger?: SenderLogger; message: string },
): Promise<void> {
  while (!signal.aborted) {
    try {
      await pass();
    } catch (error) {
      failure.logger?.warn({ err: (error as Error).message }, failure.message);
    }
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve(undefined);
        },
        { once: true },
      );
    });
  }
}
