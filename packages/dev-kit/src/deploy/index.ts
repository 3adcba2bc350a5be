/**
 * The platform's deploy engine: `deployPlatform` (the code admins run through `npm run deploy`, which is a thin
 * command line around it in scripts/deploy) and the pieces the operator commands share with it (artifacts on disk,
 * bytecode comparison, roles, errors an operator can act on, tables). Tests of every part deploy with it.
 */
export * from "./artifacts.js";
export * from "./bytecode.js";
export * from "./errors.js";
export * from "./forward-request.js";
export * from "./invitation.js";
export * from "./payment-token.js";
export * from "./platform.js";
export * from "./roles.js";
export * from "./runner.js";
export * from "./table.js";
