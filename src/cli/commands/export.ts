/**
 * `gongpei export <scenario> <folder>`: write a stored scenario (or a re-normalised folder) as a scenario folder.
 */
import type { Command } from 'commander';
import { writeScenarioFolder } from '../../io/scenario-folder.ts';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption } from '../store-arg.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('write a scenario (stored id or folder) as a scenario folder')
    .argument('<scenario>', 'stored scenario id or scenario folder')
    .argument('<folder>', 'output folder (created if needed; scenario files in it are overwritten)')
    .action(async (arg: string, folder: string, _opts: unknown, cmd: Command) => {
      const { scenario } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      writeScenarioFolder(scenario, folder);
      process.stderr.write(`gongpei: wrote ${scenario.county.name} to ${folder}\n`);
    });
}
