/**
 * `gongpei report <scenario> (--month YYYY-MM | --year YYYY | --date D) [--pdf F] [--xlsx F] [--json] [--record]`:
 * the operations report upward with the coverage scorecard as of its last dispatched date. A report is a read;
 * `--record` stores the dated scorecard snapshot (audited as a CLI write).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildReport, parsePeriod, reportPdf, reportXlsx } from '../../operations/report.ts';
import { langOption, print, storedScenario, withStore } from '../../operations/cli-util.ts';
import { auditCli } from '../store-arg.ts';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'daily, monthly or annual operations report: parcels by township, carrier and day; on-time share; cost per parcel; coverage scorecard',
    )
    .argument('<scenario>', 'stored scenario id')
    .option('--month <YYYY-MM>', 'a month')
    .option('--year <YYYY>', 'a year')
    .option('--date <YYYY-MM-DD>', 'a single date')
    .option('--pdf <file>', 'write the report as PDF')
    .option('--xlsx <file>', 'write the report as XLSX')
    .option('--lang <zh|en>', 'language of the files (default zh)')
    .option('--json', 'print JSON')
    .option('--record', 'store the dated scorecard snapshot of this report (later reports of the period show it)')
    .action(
      async (
        scenarioId: string,
        opts: {
          month?: string;
          year?: string;
          date?: string;
          pdf?: string;
          xlsx?: string;
          lang?: string;
          json?: boolean;
          record?: boolean;
        },
        cmd: Command,
      ) => {
        const period = parsePeriod(opts);
        const lang = langOption(opts.lang);
        await withStore(cmd, async (store) => {
          const scenario = storedScenario(store, scenarioId);
          const report = await buildReport(store, scenarioId, period, { record: opts.record === true });
          if (opts.record) auditCli(store, `report ${scenarioId} --${period.kind} ${period.value} --record`);
          if (opts.pdf) writeFileSync(opts.pdf, await reportPdf(report, scenario.county.name, lang));
          if (opts.xlsx) writeFileSync(opts.xlsx, await reportXlsx(report, lang));
          const tt = report.totals;
          print(
            opts.json,
            report,
            () =>
              `${period.from}…${period.to}: dispatched ${tt.dispatched}, delivered ${tt.delivered} (${(tt.deliveredShare * 100).toFixed(1)}%), on time ${(tt.onTimeShare * 100).toFixed(1)}%, cost per parcel ${report.costPerParcel ?? '—'}; scorecard as of ${report.scorecard.asOf}${report.scorecard.weightedScore !== null ? `, score ${report.scorecard.weightedScore}/100` : ''}`,
          );
        });
      },
    );
}
