// The common shape of a long-running entry point: configuration, logger, graceful stop on signals.
import { loadConfig, type Config } from './index';
import { createLogger, describeError, type Logger } from './logger';

export function runMain(
  processName: string,
  run: (config: Config, log: Logger, signal: AbortSignal) => Promise<void>,
  check?: (config: Config) => void,
): void {
  const config = loadConfig(check);
  const log = createLogger(processName, config.LOG_LEVEL);
  const stop = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
  run(config, log, stop.signal).then(
    () => process.exit(0),
    (err) => {
      log.fatal({ err: describeError(err) }, `${processName} crashed`);
      process.exit(1);
    },
  );
}
