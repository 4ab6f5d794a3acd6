/**
 * `gongpei upstream <scenario|folder> --day D [--time S] [--json]`: upstream (farm produce) cost per parcel of the
 * day — first mile from the shared plan plus the county tariff — against the provincial-capital tariff and the
 * platform rate, with the what-if of pooling every carrier's volume into one tier (src/planning/upstream.ts).
 */
import type { Command } from 'commander';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption } from '../store-arg.ts';
import { planningNetwork } from '../../planning/network.ts';
import { planRequest } from '../../planning/request.ts';
import { upstreamCost } from '../../planning/upstream.ts';

export function register(program: Command): void {
  program
    .command('upstream')
    .description('upstream (农产品进城) cost per parcel vs the provincial capital and platform rates')
    .argument('<scenario>', 'scenario folder or stored scenario id')
    .requiredOption('--day <D>', 'day of the horizon (1-based)')
    .option('--time <S>', 'engine seconds for the day plan (default 3)')
    .option('--json', 'print the comparison as JSON')
    .action(async (arg: string, opts: { day: string; time?: string; json?: boolean }, cmd: Command) => {
      const day = Number(opts.day);
      if (!Number.isInteger(day) || day < 1)
        throw new Error(`--day: expected a positive whole number, got "${opts.day}"`);
      const timeLimit = opts.time !== undefined ? Number(opts.time) : undefined;
      if (timeLimit !== undefined && !(timeLimit > 0))
        throw new Error(`--time: expected a positive number of seconds, got "${opts.time}"`);
      const { scenario } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      const { matrix } = await planningNetwork(scenario);
      const plan = await planRequest(scenario, { day, timeLimit }, { matrix });
      process.stderr.write(
        `planned day ${day}: cost ${plan.kpis.totalCost}, ${plan.kpis.parcelsUp} parcels picked up\n`,
      );
      const result = upstreamCost(scenario, plan);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const o = result.overall;
      const lines = [
        `Upstream day ${day}: ${o.parcels} parcels priced${result.missing.length ? `, ${result.missing.length} groups not priced` : ''}`,
        `  county (first mile ${o.firstMile} + tariff ${o.countyTariff}) = ${o.county} yuan, ${o.countyPerParcel} per parcel`,
        `  provincial capital ${o.capital} yuan, ${o.capitalPerParcel} per parcel; platform ${o.platform}, ${o.platformPerParcel} per parcel`,
        `  parity county/capital ${o.parity ?? '—'} (marginal first mile: ${o.parityMarginal ?? '—'}); county/platform ${o.parityPlatform ?? '—'}; target ≤ 1: ${result.targetMet === null ? '—' : result.targetMet ? 'met' : 'NOT met'}`,
        `  pooled into one tier (${result.pooled.volume} parcels/day): county ${result.pooled.county} yuan, parity ${result.pooled.parity ?? '—'}, saves ${result.pooled.savings}`,
        '  carrier  parcels  tier  pooled tier  county tariff  pooled tariff',
        ...result.carriers.map(
          (c) =>
            `  ${c.carrierId.padEnd(8)} ${String(c.parcels).padStart(7)}  ${String(c.tier ?? '—').padStart(4)}  ${String(c.pooledTier ?? '—').padStart(11)}  ${String(c.countyTariff).padStart(13)}  ${String(c.pooledCountyTariff).padStart(13)}`,
        ),
        ...result.missing
          .slice(0, 20)
          .map((m) => `  not priced: ${m.stationId} ${m.carrierId} ${m.zone} (${m.parcels}): ${m.reason}`),
        `  rule: ${result.allocationRule}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
