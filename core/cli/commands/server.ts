import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ServerAuthInput, ServerTestReport, ServerView } from '../../api/contract';
import { LifeboatError, isLifeboatError } from '../../api/errors';
import { UsageError } from '../usage-error';
import type { CliContext } from '../context';
import { secretFromEnv, withVault } from '../secrets';
import { table } from '../table';

interface AuthFlags {
  key?: string;
  keyPassphraseEnv?: string;
  agent?: boolean;
  passwordEnv?: string;
}

function authFrom(o: AuthFlags, required: boolean): ServerAuthInput | undefined {
  const chosen = [o.key !== undefined, Boolean(o.agent), o.passwordEnv !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choose one of --key FILE, --agent or --password-env VAR.');
  if (chosen === 0) {
    if (required) throw new UsageError('say how to log in: --key FILE, --agent or --password-env VAR.');
    if (o.keyPassphraseEnv) throw new UsageError('--key-passphrase-env goes with --key FILE.');
    return undefined;
  }
  if (o.agent) return { kind: 'agent' };
  if (o.passwordEnv !== undefined)
    return { kind: 'password', password: secretFromEnv(o.passwordEnv, '--password-env') };
  let privateKey: string;
  try {
    privateKey = readFileSync(o.key ?? '', 'utf8');
  } catch (e) {
    throw new LifeboatError(
      'cli.file_unreadable',
      `Cannot read the key file ${o.key}: ${(e as Error).message}`,
    );
  }
  return {
    kind: 'key',
    privateKey,
    ...(o.keyPassphraseEnv ? { passphrase: secretFromEnv(o.keyPassphraseEnv, '--key-passphrase-env') } : {}),
  };
}

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError(`--port must be 1–65535, got "${v}".`);
  return n;
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 300)
    throw new InvalidArgumentError(`--timeout must be 1–300 seconds, got "${v}".`);
  return n;
};

function addAuthOptions(cmd: Command): Command {
  return cmd
    .option('--key <file>', 'log in with this private key file (its content goes to the vault)')
    .option('--key-passphrase-env <var>', "the key's passphrase, read from this environment variable")
    .option('--agent', 'log in through the SSH agent (SSH_AUTH_SOCK)')
    .option('--password-env <var>', 'log in with the password read from this environment variable');
}

const hostKeyText = (s: ServerView) =>
  s.hostKey ? `${s.hostKey.fingerprint} (${s.hostKey.keyType})` : 'not accepted yet';

function describe(s: ServerView): string {
  const secrets = Object.entries(s.auth.secrets)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return table(
    ['', ''],
    [
      ['name', s.name],
      ['address', `${s.user}@${s.host}:${s.port}`],
      ['login', `${s.auth.kind}${secrets ? ` (${secrets})` : ''}`],
      ['jump host', s.jump ?? '—'],
      ['sudo', s.sudo ? 'sudo -n for root-owned paths' : 'no'],
      ['timeout', `${s.timeoutSeconds} s`],
      ['host key', hostKeyText(s)],
    ],
  )
    .split('\n')
    .slice(1)
    .join('\n');
}

export function describeTest(r: ServerTestReport): string {
  const lines = [
    `Connected in ${Math.round(r.latencyMs)} ms (round trip ${Math.round(r.roundTripMs)} ms). Host key ${r.hostKey.fingerprint}.`,
    `OS: ${r.os ?? 'unknown'}`,
    table(
      ['TOOL', 'PRESENT', 'DETAIL'],
      r.tools.map((t) => [t.name, t.present ? 'yes' : 'no', t.detail ?? '']),
    ),
  ];
  return lines.join('\n');
}

/** Adds the next step to host-key errors, so the user knows exactly what to run. */
function hostKeyHint(name: string, e: unknown): never {
  if (isLifeboatError(e) && e.code === 'ssh.host_key_unknown') {
    const fp = (e.details as { fingerprint?: string } | undefined)?.fingerprint ?? 'SHA256:…';
    throw new LifeboatError(
      e.code,
      `${e.message}\nCompare it with the server's owner, then accept it: lifeboat server accept-host-key ${name} ${fp}`,
      e.details,
    );
  }
  throw e;
}

export function registerServer(program: Command, ctx: () => CliContext): void {
  const server = program.command('server').description('servers reached over SSH');

  addAuthOptions(
    server
      .command('add')
      .description('add a server; credentials go to the vault')
      .argument('<name>', 'a short name, e.g. web-1')
      .requiredOption('--host <host>', 'host name or IP address')
      .option('--port <port>', 'SSH port', port, 22)
      .requiredOption('--user <user>', 'user to log in as'),
  )
    .option('--jump <server>', 'reach it through this server (like ProxyJump)')
    .option('--sudo', 'use sudo -n for root-owned paths')
    .option('--timeout <seconds>', 'bound on connecting and logging in', seconds, 15)
    .option(
      '--accept-host-key <fingerprint>',
      'accept this host key now (SHA256:…, must match what the server presents)',
    )
    .action(
      async (
        name: string,
        o: AuthFlags & {
          host: string;
          port: number;
          user: string;
          jump?: string;
          sudo?: boolean;
          timeout: number;
          acceptHostKey?: string;
        },
      ) => {
        const c = ctx();
        const auth = authFrom(o, true) as ServerAuthInput;
        const { server: added } = await withVault(c, () =>
          c.open().call('server.add', {
            name,
            host: o.host,
            port: o.port,
            user: o.user,
            auth,
            ...(o.jump ? { jump: o.jump } : {}),
            sudo: Boolean(o.sudo),
            timeoutSeconds: o.timeout,
            ...(o.acceptHostKey ? { acceptHostKey: o.acceptHostKey } : {}),
          }),
        );
        if (c.json) return c.print(added, () => '');
        c.io.out(`Added server ${name}.`);
        if (added.hostKey) return c.io.out(`Host key ${hostKeyText(added)} accepted.`);
        try {
          const k = await c.open().call('server.probeHostKey', { name });
          c.io.out(
            `Its host key is ${k.fingerprint} (${k.keyType}), not accepted yet. Compare it with the server's owner, then:\n  lifeboat server accept-host-key ${name} ${k.fingerprint}`,
          );
        } catch (e) {
          c.io.out(
            `Could not read its host key now (${(e as Error).message}). Run \`lifeboat server host-key ${name}\` later.`,
          );
        }
      },
    );

  addAuthOptions(
    server
      .command('update')
      .description('change a server; what you leave out stays as it is')
      .argument('<name>')
      .option('--host <host>')
      .option('--port <port>', 'SSH port', port)
      .option('--user <user>'),
  )
    .option('--jump <server>', 'reach it through this server')
    .option('--no-jump', 'connect directly')
    .addOption(new Option('--sudo', 'use sudo -n for root-owned paths'))
    .addOption(new Option('--no-sudo', 'do not use sudo'))
    .option('--timeout <seconds>', 'bound on connecting and logging in', seconds)
    .action(
      async (
        name: string,
        o: AuthFlags & {
          host?: string;
          port?: number;
          user?: string;
          jump?: string | false;
          sudo?: boolean;
          timeout?: number;
        },
      ) => {
        const c = ctx();
        const auth = authFrom(o, false);
        const { server: updated } = await withVault(c, () =>
          c.open().call('server.update', {
            name,
            ...(o.host ? { host: o.host } : {}),
            ...(o.port ? { port: o.port } : {}),
            ...(o.user ? { user: o.user } : {}),
            ...(auth ? { auth } : {}),
            ...(o.jump === false ? { jump: null } : o.jump ? { jump: o.jump } : {}),
            ...(o.sudo !== undefined ? { sudo: o.sudo } : {}),
            ...(o.timeout ? { timeoutSeconds: o.timeout } : {}),
          }),
        );
        c.print(updated, () => `Updated server ${name}.\n${describe(updated)}`);
      },
    );

  server
    .command('list')
    .description('list servers')
    .action(async () => {
      const c = ctx();
      const { servers } = await c.open().call('server.list', {});
      c.print(servers, () =>
        servers.length === 0
          ? 'No servers yet. Add one: lifeboat server add NAME --host H --user U --key FILE'
          : table(
              ['NAME', 'ADDRESS', 'LOGIN', 'JUMP', 'HOST KEY'],
              servers.map((s) => [
                s.name,
                `${s.user}@${s.host}:${s.port}`,
                s.auth.kind,
                s.jump ?? '',
                hostKeyText(s),
              ]),
            ),
      );
    });

  server
    .command('show')
    .argument('<name>')
    .description('show one server')
    .action(async (name: string) => {
      const c = ctx();
      const { server: s } = await c.open().call('server.get', { name });
      c.print(s, () => describe(s));
    });

  server
    .command('test')
    .argument('<name>')
    .description('connect; report latency, OS and the tools present')
    .action(async (name: string) => {
      const c = ctx();
      const { report } = await withVault(c, () => c.open().call('server.test', { name })).catch(
        (e: unknown) => hostKeyHint(name, e),
      );
      c.print(report, () => describeTest(report));
    });

  server
    .command('host-key')
    .argument('<name>')
    .description('show the host key the server presents now')
    .action(async (name: string) => {
      const c = ctx();
      const k = await withVault(c, () => c.open().call('server.probeHostKey', { name }));
      c.print(
        k,
        () =>
          `${name} presents ${k.fingerprint} (${k.keyType}).` +
          (k.accepted === undefined
            ? ' Not accepted yet.'
            : k.accepted === k.fingerprint
              ? ' Accepted.'
              : ` DIFFERENT from the accepted ${k.accepted}.`),
      );
    });

  server
    .command('accept-host-key')
    .argument('<name>')
    .argument('<fingerprint>', 'SHA256:… as you verified it with the server owner')
    .option('--replace', 'replace an already accepted key (only if the host was really reinstalled)')
    .description('accept the host key with this fingerprint, if the server presents exactly it')
    .action(async (name: string, fingerprint: string, o: { replace?: boolean }) => {
      const c = ctx();
      const { server: s } = await withVault(c, () =>
        c.open().call('server.acceptHostKey', { name, fingerprint, replace: Boolean(o.replace) }),
      );
      c.print(s, () => `Accepted host key ${hostKeyText(s)} for ${name}.`);
    });

  server
    .command('remove')
    .argument('<name>')
    .description('remove a server and its credentials')
    .action(async (name: string) => {
      const c = ctx();
      const r = await c.open().call('server.remove', { name });
      c.print(r, () => `Removed server ${name} and its credentials.`);
    });
}
