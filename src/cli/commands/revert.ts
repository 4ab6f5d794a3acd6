/**
 * `gongpei revert <scenario> <version> [--author NAME]`: make a stored scenario what it was at `version`.
 * The revert is a new version; no history is lost.
 */
import type { Command } from 'commander';
import { ScenarioVersions } from '../../store/versions.ts';
import { auditCli, openCommandStore } from '../store-arg.ts';

export function register(program: Command): void {
  program
    .command('revert')
    .description('restore a stored scenario to one of its versions (recorded as a new version)')
    .argument('<scenario>', 'stored scenario id')
    .argument('<version>', 'version number (see gongpei versions <scenario>)')
    .option('--author <name>', 'who reverts (default: $USER)')
    .option('--json', 'print JSON')
    .action((id: string, versionText: string, opts: { author?: string; json?: boolean }, cmd: Command) => {
      const version = Number(versionText);
      if (!Number.isInteger(version) || version < 1)
        throw new Error(`<version>: expected a version number ≥ 1, got "${versionText}"`);
      const store = openCommandStore(cmd);
      try {
        if (!store.getScenario(id)) throw new Error(`no stored scenario "${id}"`);
        const v = new ScenarioVersions(store).revert(id, version, opts.author ?? process.env.USER ?? 'cli');
        auditCli(store, `revert ${id} ${version}`);
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(v)}\n`
            : `scenario "${id}" reverted to version ${version} (now version ${v.version})\n`,
        );
      } finally {
        store.close();
      }
    });
}
