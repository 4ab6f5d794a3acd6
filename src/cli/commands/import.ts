/**
 * `gongpei import <folder> [--id ID]`: validate a whole scenario folder, then save it in the store.
 * Any problem → every issue is printed as `file:row:field: message` and the store is not touched.
 */
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { readScenarioFolder } from '../../io/scenario-folder.ts';
import { parseCrs } from '../../io/crs.ts';
import { checkScenarioId } from '../../store/sqlite.ts';
import { auditCli, cliUser, openCommandStore } from '../store-arg.ts';

/** Default id of a folder: its name, lower-cased, other characters than [a-z0-9._-] turned into '-'. */
export function defaultScenarioId(folder: string): string {
  const id = basename(resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return id === '' ? 'scenario' : id;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('validate a scenario folder and save it in the store (all or nothing)')
    .argument('<folder>', 'scenario folder (county.json, townships.csv, places.csv, …)')
    .option('--id <id>', 'scenario id in the store (default: the folder name)')
    .option('--dry-run', 'only validate the folder; do not open the store')
    .option(
      '--crs <crs>',
      'coordinates of the folder: wgs84, gcj02 (AMap, Tencent) or bd09 (Baidu); overrides county.json "crs"; stored as WGS-84',
    )
    .option('--json', 'print the result as JSON')
    .action((folder: string, opts: { id?: string; json?: boolean; dryRun?: boolean; crs?: string }, cmd: Command) => {
      const id = opts.id ?? defaultScenarioId(folder);
      checkScenarioId(id);
      // Read and validate everything before the store is opened: a bad folder cannot change it.
      const scenario = readScenarioFolder(folder, opts.crs ? { crs: parseCrs(opts.crs) } : {});
      if (opts.dryRun) {
        const villages = scenario.places.filter((p) => p.kind === 'village');
        const stations = villages.filter((p) => p.hasStation).length;
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ id, valid: true, villages: villages.length, stations })}\n`);
        else
          process.stdout.write(
            `valid: ${folder} (${scenario.county.name}): ${villages.length} villages, ${stations} stations; not saved (--dry-run)\n`,
          );
        return;
      }
      const store = openCommandStore(cmd);
      try {
        const replaced = store.getScenario(id) !== null;
        store.saveScenario(id, scenario, cliUser());
        auditCli(store, `import ${folder} --id ${id}`);
        const summary = store.listScenarios().find((s) => s.id === id)!;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, replaced, store: store.file })}\n`);
        } else {
          process.stdout.write(
            `${replaced ? 'replaced' : 'imported'} scenario "${id}" (${scenario.county.name}): ${summary.villages} villages, ` +
              `${summary.stations} stations, ${scenario.demand.length} demand rows → ${store.file}\n`,
          );
        }
      } finally {
        store.close();
      }
    });
}
