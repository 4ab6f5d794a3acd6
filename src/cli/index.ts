/**
 * `gongpei` command line. Each command lives in ./commands/<name>.ts and exports `register(program)`.
 */
import { Command } from 'commander';
import * as auditCommand from './commands/audit.ts';
import * as backupCommand from './commands/backup.ts';
import * as coverageCommand from './commands/coverage.ts';
import * as exportCommand from './commands/export.ts';
import * as hubsCommand from './commands/hubs.ts';
import * as importCommand from './commands/import.ts';
import * as infoCommand from './commands/info.ts';
import * as matrixCommand from './commands/matrix.ts';
import * as planCommand from './commands/plan.ts';
import * as scenariosCommand from './commands/scenarios.ts';
import * as serveCommand from './commands/serve.ts';
import * as solveCommand from './commands/solve.ts';
import * as upstreamCommand from './commands/upstream.ts';

const program = new Command();
program
  .name('gongpei')
  .description('Gongpei (共配): shared-delivery route planner for county rural logistics')
  .version('0.1.0')
  .option('--data-dir <dir>', 'store directory (default: $GONGPEI_DATA_DIR or ./var)');

// Commands register here, one import each (keep this list sorted).
const modules: Array<{ register: (p: Command) => void }> = [
  auditCommand,
  backupCommand,
  coverageCommand,
  exportCommand,
  hubsCommand,
  importCommand,
  infoCommand,
  matrixCommand,
  planCommand,
  scenariosCommand,
  serveCommand,
  solveCommand,
  upstreamCommand,
];
for (const m of modules) m.register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`gongpei: ${message}\n`);
  process.exitCode = 1;
});
