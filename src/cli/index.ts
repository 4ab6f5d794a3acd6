/**
 * `gongpei` command line. Each command lives in ./commands/<name>.ts and exports `register(program)`.
 */
import { Command } from 'commander';
import * as actualsCommand from './commands/actuals.ts';
import * as auditCommand from './commands/audit.ts';
import * as backupCommand from './commands/backup.ts';
import * as coverageCommand from './commands/coverage.ts';
import * as dispatchCommand from './commands/dispatch.ts';
import * as exportCommand from './commands/export.ts';
import * as hubsCommand from './commands/hubs.ts';
import * as importCommand from './commands/import.ts';
import * as infoCommand from './commands/info.ts';
import * as ledgerCommand from './commands/ledger.ts';
import * as manifestCommand from './commands/manifest.ts';
import * as matrixCommand from './commands/matrix.ts';
import * as planCommand from './commands/plan.ts';
import * as prefectureCommand from './commands/prefecture.ts';
import * as reportCommand from './commands/report.ts';
import * as revertCommand from './commands/revert.ts';
import * as scenariosCommand from './commands/scenarios.ts';
import * as serveCommand from './commands/serve.ts';
import * as solveCommand from './commands/solve.ts';
import * as upstreamCommand from './commands/upstream.ts';
import * as versionsCommand from './commands/versions.ts';
import * as workerCommand from './commands/worker.ts';

const program = new Command();
program
  .name('gongpei')
  .description('Gongpei (共配): shared-delivery route planner for county rural logistics')
  .version('0.1.0')
  .option('--data-dir <dir>', 'store directory (default: $GONGPEI_DATA_DIR or ./var)');

// Commands register here, one import each (keep this list sorted).
const modules: Array<{ register: (p: Command) => void }> = [
  actualsCommand,
  auditCommand,
  backupCommand,
  coverageCommand,
  dispatchCommand,
  exportCommand,
  hubsCommand,
  importCommand,
  infoCommand,
  ledgerCommand,
  manifestCommand,
  matrixCommand,
  planCommand,
  prefectureCommand,
  reportCommand,
  revertCommand,
  scenariosCommand,
  serveCommand,
  solveCommand,
  upstreamCommand,
  versionsCommand,
  workerCommand,
];
for (const m of modules) m.register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`gongpei: ${message}\n`);
  process.exitCode = 1;
});
