/**
 * `gongpei versions <scenario> [--diff A B] [--json]`: the version history of a stored scenario (who, when,
 * what, the plans made on each version), or the difference between two versions.
 */
import type { Command } from 'commander';
import { ScenarioVersions, type VersionDiff } from '../../store/versions.ts';
import { openCommandStore } from '../store-arg.ts';
import { formatTable } from './scenarios.ts';

export function register(program: Command): void {
  program
    .command('versions')
    .description('version history of a stored scenario (edits made on the map), or the diff of two versions')
    .argument('<scenario>', 'stored scenario id')
    .option('--diff <versions...>', 'two version numbers: what changed from the first to the second')
    .option('--json', 'print JSON')
    .action((id: string, opts: { diff?: string[]; json?: boolean }, cmd: Command) => {
      const store = openCommandStore(cmd);
      try {
        if (!store.getScenario(id))
          throw new Error(
            `no stored scenario "${id}" (versions exist only in the store: gongpei import <folder> first)`,
          );
        const versions = new ScenarioVersions(store);
        if (opts.diff) {
          const [a, b] = opts.diff.map(Number);
          if (opts.diff.length !== 2 || !Number.isInteger(a) || !Number.isInteger(b))
            throw new Error('--diff needs two version numbers, e.g. --diff 1 3');
          const diff = versions.diff(id, a!, b!);
          process.stdout.write(opts.json ? `${JSON.stringify(diff)}\n` : formatDiff(diff));
          return;
        }
        const list = versions.list(id);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ scenario: id, versions: list })}\n`);
          return;
        }
        const rows = [
          ['version', 'when', 'who', 'kind', 'what', 'plans'],
          ...list.map((v) => [
            String(v.version),
            v.createdAt,
            v.author,
            v.kind,
            v.summary.join('; '),
            String(v.plans.length),
          ]),
        ];
        process.stdout.write(formatTable(rows));
      } finally {
        store.close();
      }
    });
}

export function formatDiff(d: VersionDiff): string {
  const lines = [`version ${d.from} → ${d.to}`];
  for (const p of d.added)
    lines.push(`+ ${p.kind} ${p.id} (${p.name}) at ${p.lon}, ${p.lat}${p.hasStation ? ', station' : ''}`);
  for (const p of d.removed) lines.push(`- ${p.kind} ${p.id} (${p.name})`);
  for (const c of d.changed)
    lines.push(
      `~ ${c.id} (${c.name}): ${c.fields.map((f) => `${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join(', ')}`,
    );
  for (const f of d.fleet) lines.push(`~ fleet ${f.id}: depot ${f.from ?? '(none)'} → ${f.to ?? '(none)'}`);
  if (d.demandRows.from !== d.demandRows.to) lines.push(`~ demand rows ${d.demandRows.from} → ${d.demandRows.to}`);
  if (lines.length === 1) lines.push('(no difference)');
  return `${lines.join('\n')}\n`;
}
