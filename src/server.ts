import { startService } from './service.js';

/** The service's process (npm start): src/service.ts. */
startService().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
