// `lifeboat status`: the first thing to look at — per system and scope, how old the newest backup
// is against the RPO and what verification found of it (the rules: core/points/protection.ts).
import type { Command } from 'commander';
import type { ScopeStatus, SystemStatus } from '../../api/contract';
import { formatSpan } from '../../journal/report/format';
import type { CliContext } from '../context';
import { table } from '../table';

const protectionWords: Record<SystemStatus['protection'], string> = {
  fresh: 'ok',
  stale: 'RPO EXCEEDED',
  none: 'NOT PROTECTED',
};

const evidenceWords = {
  verified: 'verified',
  checked: 'checked (not a full read)',
  damaged: 'DAMAGED',
  unverified: 'not verified',
} as const;

function evidenceText(sc: ScopeStatus): string {
  const n = sc.newest;
  if (!n) return '';
  const partial = n.unreadable ? `, PARTIAL (${n.unreadable} unreadable)` : '';
  return `${evidenceWords[n.evidence]}${partial}`;
}

function rows(s: SystemStatus): string[][] {
  return s.scopes.map((sc, i) => [
    i === 0 ? s.system : '',
    sc.scope,
    protectionWords[sc.protection],
    sc.newest ? `${sc.newest.shortId} ${sc.newest.time.slice(0, 16).replace('T', ' ')}` : 'none',
    `${sc.newest ? formatSpan(sc.newest.ageSeconds) : '-'} / ${s.rpo.text}`,
    evidenceText(sc),
  ]);
}

/** "3 systems: 1 protected, 1 past its RPO, 1 not protected." */
function statusSummary(systems: SystemStatus[]): string {
  const count = (p: SystemStatus['protection']) => systems.filter((s) => s.protection === p).length;
  const parts = [
    `${count('fresh')} protected`,
    ...(count('stale') ? [`${count('stale')} past ${count('stale') === 1 ? 'its' : 'their'} RPO`] : []),
    ...(count('none') ? [`${count('none')} not protected`] : []),
  ];
  return `${systems.length} ${systems.length === 1 ? 'system' : 'systems'}: ${parts.join(', ')}.`;
}

export function registerStatus(program: Command, ctx: () => CliContext): void {
  program
    .command('status')
    .description(
      "per system and scope: the newest backup's age against the RPO and what verification found of it",
    )
    .action(async () => {
      const c = ctx();
      const r = await c.open().call('system.status', {});
      c.print(r, () =>
        r.systems.length === 0
          ? 'No systems yet, so nothing is protected. Describe one: lifeboat system add NAME --owner TEAM --rpo 24h --rto 1h --repo R --scope SCOPE'
          : [
              table(
                ['SYSTEM', 'SCOPE', 'STATUS', 'NEWEST BACKUP (UTC)', 'AGE / RPO', 'EVIDENCE'],
                r.systems.flatMap(rows),
              ),
              '',
              statusSummary(r.systems),
            ].join('\n'),
      );
    });
}
