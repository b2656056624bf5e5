import type { Command } from 'commander';
import { UsageError } from '../usage-error';
import type { RepoTestReport, RepoView } from '../../api/contract';
import type { CliContext } from '../context';
import { secretFromEnv, withVault } from '../secrets';
import { table } from '../table';

interface RepoFlags {
  path?: string;
  s3?: string;
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  accessKeyEnv?: string;
  secretKeyEnv?: string;
  sessionTokenEnv?: string;
  profile?: string;
}

/** `s3://BUCKET/PREFIX` → bucket and prefix (the core validates both). */
function splitS3(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m?.[1]) throw new UsageError(`--s3 takes s3://BUCKET/PREFIX, got "${url}".`);
  return { bucket: m[1], prefix: m[2] ?? '' };
}

function location(o: RepoFlags) {
  if (Boolean(o.path) === Boolean(o.s3))
    throw new UsageError('give either --path DIR or --s3 s3://BUCKET/PREFIX.');
  if (o.path) return { kind: 'local' as const, path: o.path };
  const { bucket, prefix } = splitS3(o.s3 ?? '');
  let credentials;
  if (o.profile) {
    if (o.accessKeyEnv || o.secretKeyEnv)
      throw new UsageError('use --profile or the key variables, not both.');
    credentials = { kind: 'profile' as const, profile: o.profile };
  } else {
    if (!o.accessKeyEnv || !o.secretKeyEnv) {
      throw new UsageError(
        'an S3 repository needs --access-key-env VAR and --secret-key-env VAR (or --profile NAME).',
      );
    }
    credentials = {
      kind: 'keys' as const,
      accessKeyId: secretFromEnv(o.accessKeyEnv, '--access-key-env'),
      secretAccessKey: secretFromEnv(o.secretKeyEnv, '--secret-key-env'),
      ...(o.sessionTokenEnv ? { sessionToken: secretFromEnv(o.sessionTokenEnv, '--session-token-env') } : {}),
    };
  }
  return {
    kind: 's3' as const,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    region: o.region ?? 'us-east-1',
    bucket,
    prefix,
    pathStyle: Boolean(o.pathStyle),
    credentials,
  };
}

export function describeRepoTest(r: RepoTestReport): string {
  return [
    `${r.ok ? 'OK' : 'FAILED'}: latency ${Math.round(r.latencyMs)} ms`,
    table(
      ['CHECK', 'RESULT', 'TIME', 'PROBLEM'],
      r.checks.map((k) => [
        k.op,
        k.ok ? 'ok' : 'failed',
        `${Math.round(k.ms)} ms`,
        k.error ? `${k.error.message} [${k.error.code}]` : '',
      ]),
    ),
  ].join('\n');
}

const credentialsText = (r: RepoView) =>
  r.location.kind === 'local'
    ? '—'
    : r.location.credentials.kind === 'profile'
      ? `profile ${r.location.credentials.profile}`
      : `key ${r.location.credentials.accessKeyId}, secret ${r.location.credentials.secretAccessKey}`;

export function registerRepo(program: Command, ctx: () => CliContext): void {
  const repo = program.command('repo').description('repositories: where restore points are kept');

  for (const verb of ['add', 'update'] as const) {
    repo
      .command(verb)
      .description(
        verb === 'add'
          ? 'add a repository location: a local folder or an S3-compatible bucket prefix'
          : 'give a repository a new location or credentials (its systems and restore points keep its name; the passphrase kept stays unless --passphrase-env)',
      )
      .argument('<name>')
      .option('--path <dir>', 'a local folder (USB disk, NAS mount)')
      .option('--s3 <url>', 's3://BUCKET/PREFIX')
      .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, Ceph …); default AWS')
      .option('--region <region>', 'S3 region', 'us-east-1')
      .option('--path-style', 'path-style bucket addressing (most S3-compatible stores)')
      .option('--access-key-env <var>', 'access key id, read from this environment variable')
      .option('--secret-key-env <var>', 'secret access key, read from this environment variable')
      .option('--session-token-env <var>', 'session token, read from this environment variable')
      .option('--profile <name>', 'a named profile from ~/.aws instead of keys')
      .option(
        '--passphrase-env <var>',
        'connect to the repository that exists there, with the passphrase in this variable',
      )
      .action(async (name: string, o: RepoFlags & { passphraseEnv?: string }) => {
        const c = ctx();
        const loc = location(o);
        const passphrase = o.passphraseEnv ? secretFromEnv(o.passphraseEnv, '--passphrase-env') : undefined;
        const { repository } = await withVault(c, () =>
          c.open().call(`repo.${verb}`, { name, location: loc, ...(passphrase ? { passphrase } : {}) }),
        );
        const done = verb === 'add' ? 'Added' : 'Changed';
        c.print(repository, () =>
          passphrase
            ? `${done} repository ${name}: ${repository.url}, connected (its passphrase is in the vault).`
            : repository.passphrase === 'set'
              ? `${done} repository ${name}: ${repository.url} (the passphrase kept is unchanged).`
              : `${done} repository ${name}: ${repository.url}. Create the repository there with: lifeboat repo init ${name} --passphrase-env VAR (or connect to one that exists: lifeboat repo connect ${name} --passphrase-env VAR)`,
        );
      });
  }

  repo
    .command('init')
    .argument('<name>')
    .requiredOption(
      '--passphrase-env <var>',
      "the new repository's passphrase, read from this variable (keep it somewhere safe)",
    )
    .description("create Lifeboat's repository format in a repository location")
    .action(async (name: string, o: { passphraseEnv: string }) => {
      const c = ctx();
      const passphrase = secretFromEnv(o.passphraseEnv, '--passphrase-env');
      if (passphrase.length < 8)
        throw new UsageError('the repository passphrase must have at least 8 characters.');
      const r = await withVault(c, () => c.open().call('repo.init', { name, passphrase }));
      c.print(
        r,
        () =>
          `Created repository ${r.repositoryId} in ${r.repository.url}. Without its passphrase, nobody can read it — keep a copy outside this laptop.`,
      );
    });

  repo
    .command('connect')
    .argument('<name>')
    .requiredOption(
      '--passphrase-env <var>',
      'the passphrase of the repository there, read from this variable',
    )
    .description(
      "keep the passphrase of the repository that exists in an entry's location (after an estate import)",
    )
    .action(async (name: string, o: { passphraseEnv: string }) => {
      const c = ctx();
      const passphrase = secretFromEnv(o.passphraseEnv, '--passphrase-env');
      const r = await withVault(c, () => c.open().call('repo.connect', { name, passphrase }));
      c.print(
        r,
        () =>
          `Connected ${name} to repository ${r.repositoryId} in ${r.repository.url} (its passphrase is in the vault).`,
      );
    });

  repo
    .command('list')
    .description('list repositories')
    .action(async () => {
      const c = ctx();
      const { repositories } = await c.open().call('repo.list', {});
      c.print(repositories, () =>
        repositories.length === 0
          ? 'No repositories yet. Add one: lifeboat repo add NAME --path DIR'
          : table(
              ['NAME', 'KIND', 'LOCATION', 'CREDENTIALS', 'PASSPHRASE'],
              repositories.map((r) => [
                r.name,
                r.location.kind,
                r.url,
                credentialsText(r),
                r.passphrase === 'set' ? 'set' : `not set (repo init ${r.name}, or repo connect ${r.name})`,
              ]),
            ),
      );
    });

  repo
    .command('test')
    .argument('<name>')
    .description('check list, write, read and delete with a probe object (removed again)')
    .action(async (name: string) => {
      const c = ctx();
      const { report } = await withVault(c, () => c.open().call('repo.test', { name }));
      c.print(report, () => describeRepoTest(report));
      if (!report.ok) c.exitCode = 1;
    });

  repo
    .command('remove')
    .argument('<name>')
    .description('forget a repository (its data is not touched)')
    .action(async (name: string) => {
      const c = ctx();
      const r = await c.open().call('repo.remove', { name });
      c.print(r, () => `Forgot repository ${name}; its data was not touched.`);
    });
}
