/**
 * `gongpei dispatch <planId> --out DIR [--day K [--date D]] [--json] [--lang zh|en]`: freeze a date plan (or day K
 * of a horizon plan) as the date's dispatch and write dispatch.pdf, dispatch.xlsx and routes.csv.
 */
import type { Command } from 'commander';
import { dispatchPlan, dispatchView } from '../../operations/service.ts';
import { langOption, print, withStore } from '../../operations/cli-util.ts';

export function register(program: Command): void {
  program
    .command('dispatch')
    .description('freeze a date plan as the immutable dispatch of its date; write the dispatch sheets')
    .argument('<planId>', 'id of a plan made with gongpei plan <scenario> --date D')
    .requiredOption('--out <dir>', 'folder for dispatch.pdf, dispatch.xlsx, routes.csv')
    .option('--day <K>', 'dispatch day K of a horizon plan (plan --horizon N)')
    .option('--date <YYYY-MM-DD>', "calendar date of day K (default: the plan's date + K - 1)")
    .option('--lang <zh|en>', 'language of the sheets (default zh)')
    .option('--json', 'print JSON { id, planId, date, files }')
    .action(
      async (
        planId: string,
        opts: { out: string; lang?: string; json?: boolean; day?: string; date?: string },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          if (opts.date !== undefined && opts.day === undefined)
            throw new Error('--date goes with --day K (a plan of a date is dispatched for its own date)');
          const day = opts.day !== undefined ? Number(opts.day) : undefined;
          if (day !== undefined && !(Number.isInteger(day) && day >= 1))
            throw new Error(`--day: expected a positive whole number, got "${opts.day}"`);
          const d = await dispatchPlan(store, planId, opts.out, langOption(opts.lang), { day, date: opts.date });
          const view = dispatchView(d);
          print(
            opts.json,
            view,
            () =>
              `dispatch ${d.id} of ${d.date} (plan ${d.planId}${d.day !== undefined ? `, day ${d.day}` : ''}): ${view.vehicles} vehicles, ${view.parcelsDown} parcels; ${view.notDispatched} parcels not on a route carry over\n${d.files.join('\n')}`,
          );
        });
      },
    );
}
