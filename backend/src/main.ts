/** Entry point: `npm start -w backend`. Configuration comes from the environment, validated once here. */
import { loadChainConfig, type ChainConfig } from "./chain/config.ts";
import { ConfigError, loadConfig } from "./config/index.ts";
import { createLogger } from "./http/logger.ts";
import { startServer } from "./server.ts";

let config;
let chainConfig: ChainConfig | undefined;
try {
  config = loadConfig(process.env);
  chainConfig = loadChainConfig(process.env);
} catch (error) {
  if (
    error instanceof ConfigError ||
    (error instanceof Error && error.message.startsWith("Invalid chain configuration"))
  ) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
const running = await startServer(config, logger, chainConfig);
logger.info({ url: running.url, docs: `${running.url}/api/v1/docs` }, "freehold backend listening");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
