/**
 * `gongpei ledger <scenario> --from D --to D [--json | --xlsx F]`: the delivery ledger, date × station × carrier.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { OperationsStore } from '../../store/operations.ts';
import { buildLedger, ledgerXlsx } from '../../operations/ledger.ts';
import { langOption, print, storedScenario, withStore } from '../../operations/cli-util.ts';
import { requireDate } from '../../operations/table-file.ts';

export function register(program: Command): void {
  program
    .command('ledger')
    .description('delivery ledger (台账): dispatched, delivered, failed, carried over, picked up, on time')
    .argument('<scenario>', 'stored scenario id')
    .requiredOption('--from <YYYY-MM-DD>', 'first date')
    .requiredOption('--to <YYYY-MM-DD>', 'last date')
    .option('--xlsx <file>', 'write the ledger as XLSX')
    .option('--lang <zh|en>', 'language of the XLSX (default zh)')
    .option('--json', 'print JSON { rows, totals }')
    .action(
      async (
        scenarioId: string,
        opts: { from: string; to: string; xlsx?: string; lang?: string; json?: boolean },
        cmd: Command,
      ) => {
        const from = requireDate(opts.from, '--from');
        const to = requireDate(opts.to, '--to');
        if (from > to) throw new Error(`--from ${from} is after --to ${to}`);
        await withStore(cmd, async (store) => {
          const scenario = storedScenario(store, scenarioId);
          const ledger = buildLedger(OperationsStore.of(store), scenarioId, from, to);
          if (opts.xlsx) writeFileSync(opts.xlsx, await ledgerXlsx(scenario, ledger, langOption(opts.lang)));
          const tt = ledger.totals;
          print(
            opts.json,
            ledger,
            () =>
              `${ledger.rows.length} rows ${from}…${to}: dispatched ${tt.dispatched}, delivered ${tt.delivered}, failed ${tt.failed}, pending ${tt.pending}, carried over ${tt.carriedOver}, picked up ${tt.pickedUp}; delivered share ${(tt.deliveredShare * 100).toFixed(1)}%, on time ${(tt.onTimeShare * 100).toFixed(1)}%${opts.xlsx ? `\nwrote ${opts.xlsx}` : ''}`,
          );
        });
      },
    );
}
