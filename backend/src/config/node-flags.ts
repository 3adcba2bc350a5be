/**
 * The Node.js flags the API runs with in production (`npm run start:production`: package.json, kept equal by
 * node-flags.test.ts), and so in every benchmark that measures it.
 *
 * `--max-semi-space-size=64` (MiB; V8's default is 16): a request allocates its parsed input, rows and response in
 * V8's young generation, which is collected (scavenged) each time a semi-space fills. With 50 requests in flight,
 * objects of unfinished requests can survive two scavenges and be promoted, to be collected later by the costlier
 * full GC; four times the room lets more requests finish first. Measured in issue 17 on this API (two A/B runs, each
 * variant in the same run): a median 9% less API CPU per uncached property detail (2 to 18% by round), less on the
 * list; 128 MiB measured no better. The cost is memory: up to 2 x 48 MiB more for the young generation under load.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
