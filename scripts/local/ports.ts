/** Port checks, so the stack fails fast with a clear message instead of half-starting. */
import { isPortFree } from "@freehold/dev-kit/ports";

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) taken.push(`${name} port ${port}`);
  }
  if (taken.length) {
    throw new Error(
      `Port already in use: ${taken.join(", ")}. Stop what uses it, or choose other ports ` +
        `(FREEHOLD_CHAIN_PORT, FREEHOLD_API_PORT, FREEHOLD_WEB_PORT).`,
    );
  }
}
