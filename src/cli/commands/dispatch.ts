/**
 * `gongpei dispatch <planId> --out DIR [--json] [--lang zh|en]`: freeze a date plan as the date's dispatch and
 * write dispatch.pdf, dispatch.xlsx and routes.csv.
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
    .option('--lang <zh|en>', 'language of the sheets (default zh)')
    .option('--json', 'print JSON { id, planId, date, files }')
    .action(async (planId: string, opts: { out: string; lang?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const d = await dispatchPlan(store, planId, opts.out, langOption(opts.lang));
        const view = dispatchView(d);
        print(opts.json, view, () => `dispatch ${d.id} of ${d.date} (plan ${d.planId}): ${view.vehicles} vehicles, ${view.parcelsDown} parcels; ${view.notDispatched} parcels not on a route carry over\n${d.files.join('\n')}`);
      });
    });
}
