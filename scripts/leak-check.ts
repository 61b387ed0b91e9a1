/**
 * npm run leak-check [-- --mentions] [--seed N] [--examples K] [--json FILE] [--dump DIR]
 *
 * Imports the adversarial leak corpus into a fresh app, generates every document kind × format,
 * reads every channel a name could leak through, and prints leaks per attack class and per
 * channel. The last line is `leaks: N of M`; exit code 1 when N > 0.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatReport, runLeakCheck } from '../test/leak/check.js';

const argv = process.argv.slice(2);
const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);

async function main(): Promise<void> {
  const seed = value('--seed');
  const report = await runLeakCheck({
    mentions: argv.includes('--mentions'),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    log: (line) => process.stderr.write(`leak-check: ${line}\n`),
  });
  const dump = value('--dump');
  if (dump) {
    // Each channel's extracted text, to read what the oracle read.
    await mkdir(dump, { recursive: true });
    for (const { channel, text } of report.texts) await writeFile(join(dump, `${channel.name.replace(/[^a-z0-9.:-]+/gi, '_')}.txt`), text);
  }
  const json = value('--json');
  if (json) await writeFile(json, `${JSON.stringify({ checks: report.checks, leaks: report.leaks, refused: Object.fromEntries(report.refused) }, null, 2)}\n`);
  console.log(formatReport(report, { examples: Number(value('--examples') ?? 3) }));
  process.exitCode = report.leaks.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
