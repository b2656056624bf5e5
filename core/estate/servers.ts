// Servers: SSH targets with credentials in the vault and an explicitly accepted host key.
import type { ParsedInput, ServerTestReport, ServerView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { connectSsh, probeHostKey, testServer, type HostKeyInfo, type SshTarget } from '../connect/ssh';
import { journalChange, secretState, type EstateContext } from './context';
import type { Stored } from './entry-store';
import { parseScope } from './scope';
import { secretRefs, type ServerSpec } from './specs';

type AuthInput = ParsedInput<'server.add'>['auth'];

export function serverView(ctx: EstateContext, s: Stored<ServerSpec>): ServerView {
  const { spec } = s;
  const secrets: Record<string, 'set' | 'not set'> = {};
  if (spec.auth.kind === 'key') {
    secrets.privateKey = secretState(ctx, spec.auth.keyRef);
    secrets.passphrase = secretState(ctx, spec.auth.passphraseRef);
  } else if (spec.auth.kind === 'password') {
    secrets.password = secretState(ctx, spec.auth.passwordRef);
  }
  return {
    name: spec.name,
    host: spec.host,
    port: spec.port,
    user: spec.user,
    auth: { kind: spec.auth.kind, secrets },
    ...(spec.jump ? { jump: spec.jump } : {}),
    sudo: spec.sudo,
    timeoutSeconds: spec.timeoutSeconds,
    ...(spec.hostKey
      ? {
          hostKey: {
            fingerprint: spec.hostKey.fingerprint,
            keyType: spec.hostKey.keyType,
            acceptedAt: spec.hostKey.acceptedAt,
          },
        }
      : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Stores the credentials of `auth` in the vault; returns the spec's auth part. */
function sealAuth(ctx: EstateContext, name: string, auth: AuthInput): ServerSpec['auth'] {
  switch (auth.kind) {
    case 'key':
      return {
        kind: 'key',
        keyRef: ctx.vault.put(`server ${name}: private key`, auth.privateKey),
        ...(auth.passphrase
          ? { passphraseRef: ctx.vault.put(`server ${name}: key passphrase`, auth.passphrase) }
          : {}),
      };
    case 'password':
      return { kind: 'password', passwordRef: ctx.vault.put(`server ${name}: password`, auth.password) };
    case 'agent':
      return { kind: 'agent' };
  }
}

function checkJump(ctx: EstateContext, name: string, jump: string | undefined): void {
  if (!jump) return;
  const seen = new Set([name]);
  let next: string | undefined = jump;
  while (next) {
    if (seen.has(next)) {
      throw new LifeboatError(
        'estate.jump_cycle',
        `Server "${name}" cannot jump through "${jump}": the jump hosts form a loop.`,
      );
    }
    seen.add(next);
    const hop = ctx.servers.find(next);
    if (!hop)
      throw new LifeboatError('estate.not_found', `Jump host "${next}" is not a server; add it first.`);
    next = hop.spec.jump;
  }
}

export function sshTarget(ctx: EstateContext, spec: ServerSpec, plain?: AuthInput): SshTarget {
  const missing = (what: string) =>
    new LifeboatError(
      'estate.credentials_missing',
      `Server "${spec.name}" has no ${what} in the vault (imported without secrets?). Set it again with \`lifeboat server update\` or in Settings → Servers.`,
    );
  let auth: SshTarget['auth'];
  if (plain) auth = plain;
  else if (spec.auth.kind === 'key') {
    if (!spec.auth.keyRef) throw missing('private key');
    auth = {
      kind: 'key',
      privateKey: ctx.vault.get(spec.auth.keyRef),
      ...(spec.auth.passphraseRef ? { passphrase: ctx.vault.get(spec.auth.passphraseRef) } : {}),
    };
  } else if (spec.auth.kind === 'password') {
    if (!spec.auth.passwordRef) throw missing('password');
    auth = { kind: 'password', password: ctx.vault.get(spec.auth.passwordRef) };
  } else auth = { kind: 'agent' };
  return {
    name: spec.name,
    host: spec.host,
    port: spec.port,
    user: spec.user,
    auth,
    timeoutMs: spec.timeoutSeconds * 1000,
    ...(spec.hostKey ? { acceptedFingerprint: spec.hostKey.fingerprint } : {}),
    ...(spec.jump ? { jump: sshTarget(ctx, ctx.servers.get(spec.jump).spec) } : {}),
  };
}

function acceptedKey(presented: HostKeyInfo): NonNullable<ServerSpec['hostKey']> {
  return { ...presented, acceptedAt: new Date().toISOString() };
}

function mismatch(name: string, given: string, presented: string): LifeboatError {
  return new LifeboatError(
    'ssh.host_key_mismatch',
    `Server "${name}" presents host key ${presented}, not ${given}. Nothing was accepted; check the fingerprint with the server's owner.`,
    { server: name, given, presented },
  );
}

export function createServers(ctx: EstateContext) {
  const view = (name: string) => serverView(ctx, ctx.servers.get(name));

  return {
    list: () => ctx.servers.list().map((s) => serverView(ctx, s)),
    get: view,

    async add(input: ParsedInput<'server.add'>, signal?: AbortSignal): Promise<ServerView> {
      if (ctx.servers.find(input.name)) {
        throw new LifeboatError('estate.exists', `A server named "${input.name}" already exists.`);
      }
      checkJump(ctx, input.name, input.jump);
      const base: ServerSpec = {
        name: input.name,
        host: input.host,
        port: input.port,
        user: input.user,
        auth: { kind: 'agent' },
        ...(input.jump ? { jump: input.jump } : {}),
        sudo: input.sudo,
        timeoutSeconds: input.timeoutSeconds,
      };
      if (input.acceptHostKey) {
        const presented = await probeHostKey(sshTarget(ctx, base, input.auth), signal ? { signal } : {});
        if (presented.fingerprint !== input.acceptHostKey)
          throw mismatch(input.name, input.acceptHostKey, presented.fingerprint);
        base.hostKey = acceptedKey(presented);
      }
      ctx.db.transaction(() => {
        ctx.servers.insert({ ...base, auth: sealAuth(ctx, input.name, input.auth) });
        journalChange(ctx, 'server.added', input.name, {
          host: input.host,
          port: input.port,
          user: input.user,
          auth: input.auth.kind,
          ...(base.hostKey ? { hostKey: base.hostKey.fingerprint } : {}),
        });
      })();
      return view(input.name);
    },

    update(input: ParsedInput<'server.update'>): ServerView {
      const current = ctx.servers.get(input.name).spec;
      const next: ServerSpec = { ...current };
      if (input.host !== undefined) next.host = input.host;
      if (input.port !== undefined) next.port = input.port;
      if (input.user !== undefined) next.user = input.user;
      if (input.sudo !== undefined) next.sudo = input.sudo;
      if (input.timeoutSeconds !== undefined) next.timeoutSeconds = input.timeoutSeconds;
      if (input.jump === null) delete next.jump;
      else if (input.jump !== undefined) next.jump = input.jump;
      checkJump(ctx, input.name, next.jump);
      // A different address is a different host: its key must be accepted anew.
      const moved = next.host !== current.host || next.port !== current.port;
      if (moved) delete next.hostKey;
      ctx.db.transaction(() => {
        if (input.auth) {
          next.auth = sealAuth(ctx, input.name, input.auth);
          secretRefs(current.auth).forEach((r) => ctx.vault.remove(r));
        }
        ctx.servers.update(next);
        journalChange(ctx, 'server.updated', input.name, {
          changed: Object.keys(input).filter((k) => k !== 'name'),
          ...(moved && current.hostKey ? { hostKeyForgotten: current.hostKey.fingerprint } : {}),
        });
      })();
      return view(input.name);
    },

    remove(name: string): void {
      const spec = ctx.servers.get(name).spec;
      const users = [
        ...ctx.servers
          .list()
          .filter((s) => s.spec.jump === name)
          .map((s) => `server ${s.spec.name} (jump host)`),
        ...ctx.systems
          .list()
          .filter((s) =>
            s.spec.scopes.some((t) => {
              const p = parseScope(t);
              return p.kind === 'server-path' && p.server === name;
            }),
          )
          .map((s) => `system ${s.spec.name}`),
      ];
      if (users.length) {
        throw new LifeboatError(
          'estate.in_use',
          `Server "${name}" is still used by ${users.join(', ')}; change those first.`,
        );
      }
      ctx.db.transaction(() => {
        secretRefs(spec).forEach((r) => ctx.vault.remove(r));
        ctx.servers.remove(name);
        journalChange(ctx, 'server.removed', name);
      })();
    },

    async test(name: string, signal?: AbortSignal): Promise<ServerTestReport> {
      const r = await testServer(sshTarget(ctx, ctx.servers.get(name).spec), signal ? { signal } : {});
      return { ...r, hostKey: { fingerprint: r.hostKey.fingerprint, keyType: r.hostKey.keyType } };
    },

    async probeHostKey(name: string, signal?: AbortSignal) {
      const spec = ctx.servers.get(name).spec;
      const k = await probeHostKey(sshTarget(ctx, spec, { kind: 'agent' }), signal ? { signal } : {});
      return {
        fingerprint: k.fingerprint,
        keyType: k.keyType,
        ...(spec.hostKey ? { accepted: spec.hostKey.fingerprint } : {}),
      };
    },

    async acceptHostKey(
      name: string,
      fingerprint: string,
      replace: boolean,
      signal?: AbortSignal,
    ): Promise<ServerView> {
      const spec = ctx.servers.get(name).spec;
      if (spec.hostKey && spec.hostKey.fingerprint !== fingerprint && !replace) {
        throw new LifeboatError(
          'ssh.host_key_already_accepted',
          `Server "${name}" already has accepted host key ${spec.hostKey.fingerprint}. Replacing it with ${fingerprint} needs an explicit replace (only if the host was really reinstalled).`,
          { server: name, accepted: spec.hostKey.fingerprint, given: fingerprint },
        );
      }
      const presented = await probeHostKey(sshTarget(ctx, spec, { kind: 'agent' }), signal ? { signal } : {});
      if (presented.fingerprint !== fingerprint) throw mismatch(name, fingerprint, presented.fingerprint);
      ctx.db.transaction(() => {
        ctx.servers.update({ ...spec, hostKey: acceptedKey(presented) });
        journalChange(ctx, 'server.host_key_accepted', name, {
          fingerprint,
          keyType: presented.keyType,
          ...(spec.hostKey && spec.hostKey.fingerprint !== fingerprint
            ? { replaced: spec.hostKey.fingerprint }
            : {}),
        });
      })();
      return view(name);
    },

    /** An authenticated session, for the engine (backups, restores). */
    connect(name: string, signal?: AbortSignal) {
      return connectSsh(sshTarget(ctx, ctx.servers.get(name).spec), signal ? { signal } : {});
    },
  };
}

export type Servers = ReturnType<typeof createServers>;
