/**
 * The `--date` branch of `gongpei plan`: plans a calendar date's manifests plus carry-over and saves the plan.
 * Kept apart from src/cli/commands/plan.ts, which calls it in a few lines.
 */
import type { Command } from 'commander';
import { planDateAndSave } from './service.ts';
import { withStore } from './cli-util.ts';

export async function planDateCommand(
  scenarioId: string,
  date: string,
  opts: { time?: string; seed?: string; json?: boolean },
  cmd: Command,
): Promise<void> {
  const timeLimit = opts.time !== undefined ? Number(opts.time) : undefined;
  if (timeLimit !== undefined && !(timeLimit > 0))
    throw new Error(`--time: expected a positive number of seconds, got "${opts.time}"`);
  const seed = opts.seed !== undefined ? Number(opts.seed) : undefined;
  await withStore(cmd, async (store) => {
    const plan = await planDateAndSave(store, scenarioId, date, { timeLimit, seed });
    process.stderr.write(`saved plan ${plan.id} (scenario ${scenarioId}, ${date})\n`);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      return;
    }
    const k = plan.kpis;
    process.stdout.write(
      `${date}: cost ${k.totalCost} yuan, ${k.vehiclesUsed} vehicles, ${k.stationsServed} stations, ${k.parcelsDown} parcels down, ${k.parcelsUp} up; carried over ${plan.carriedOver.parcels} parcels at ${plan.carriedOver.stations} stations; ${plan.deferred.length} N-day lines wait\nplan id ${plan.id}\n`,
    );
  });
}
