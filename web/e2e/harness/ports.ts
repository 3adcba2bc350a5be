/** Free ports for the browser tests: the local stack's implementation (scripts/local/ports.ts). */
export { freePort, freePorts } from "../../../scripts/local/ports";
