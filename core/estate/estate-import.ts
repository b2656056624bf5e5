// Import of an estate file. Never overwrites silently: an entry that exists with other content
// is a conflict, and conflicts refuse the whole import unless the caller chose skip or replace.
// Everything is applied in one transaction: an error leaves the catalog as it was.
import type { ParsedInput } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { normalizeLocalPath } from '../connect/local';
import { normalizePrefix } from '../connect/s3';
import { canonicalJson } from '../util/canonical-json';
import type { EstateContext } from './context';
import {
  clusterDoc,
  repositoryDoc,
  serverDoc,
  systemDoc,
  type ClusterDoc,
  type RepositoryDoc,
  type SecretSlots,
  type ServerDoc,
} from './estate-doc';
import { parseEstate } from './parse-estate';
import { secretRefs, type ClusterSpec, type EstateKind, type RepositorySpec, type ServerSpec } from './specs';
import { validateSystem } from './systems';

type Action = 'create' | 'unchanged' | 'conflict' | 'replace' | 'skip';
interface PlanEntry {
  kind: EstateKind;
  name: string;
  action: Action;
}

export function importEstate(ctx: EstateContext, input: ParsedInput<'estate.import'>) {
  const { doc, secrets, bundle } = parseEstate(input.content, input.bundlePassphrase);
  if (Object.keys(secrets).length) ctx.vault.status(); // the vault must be unlocked to take them (checked on put)

  const plan: PlanEntry[] = [];
  const decide = (kind: EstateKind, name: string, existing: unknown, incoming: unknown) => {
    let action: Action = 'create';
    if (existing !== undefined) {
      action = canonicalJson(existing) === canonicalJson(incoming) ? 'unchanged' : 'conflict';
      if (action === 'conflict' && input.onConflict !== 'refuse') action = input.onConflict;
    }
    plan.push({ kind, name, action });
    return action;
  };
  const dupCheck = (kind: string, names: string[]) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new LifeboatError('estate.bad_file', `The file lists ${kind} "${dup}" twice.`);
  };
  dupCheck(
    'repository',
    doc.repositories.map((r) => r.name),
  );
  dupCheck(
    'server',
    doc.servers.map((r) => r.name),
  );
  dupCheck(
    'cluster',
    doc.clusters.map((r) => r.name),
  );
  dupCheck(
    'system',
    doc.systems.map((r) => r.name),
  );

  const repoActions = doc.repositories.map((r) => {
    const e = ctx.repositories.find(r.name);
    return decide('repository', r.name, e && repositoryDoc(e.spec), r);
  });
  const serverOrder = jumpOrder(doc.servers);
  const serverActions = serverOrder.map((s) => {
    const e = ctx.servers.find(s.name);
    return decide('server', s.name, e && serverDoc(e.spec), s);
  });
  const clusterActions = doc.clusters.map((c) => {
    const e = ctx.clusters.find(c.name);
    return decide('cluster', c.name, e && clusterDoc(e.spec), c);
  });
  const systemActions = doc.systems.map((s) => {
    const e = ctx.systems.find(s.name);
    return decide('system', s.name, e && systemDoc(e.spec), s);
  });

  const conflicts = plan.filter((p) => p.action === 'conflict');
  if (conflicts.length) {
    throw new LifeboatError(
      'estate.import_conflict',
      `Nothing was imported: ${conflicts.map((c) => `${c.kind} "${c.name}"`).join(', ')} already exist${conflicts.length === 1 ? 's' : ''} with different settings. Choose to skip or replace them.`,
      { entries: plan },
    );
  }
  if (input.dryRun) return { applied: false, entries: plan, missingSecrets: [] as string[] };

  const missing: string[] = [];
  ctx.db.transaction(() => {
    const writes = (a: Action) => a === 'create' || a === 'replace';
    doc.repositories.forEach((r, i) => {
      const a = repoActions[i] ?? 'skip';
      if (writes(a)) upsert(ctx, 'repository', a, repositorySpec(ctx, r, secrets, missing, bundle));
    });
    serverOrder.forEach((s, i) => {
      const a = serverActions[i] ?? 'skip';
      if (writes(a)) upsert(ctx, 'server', a, serverSpec(ctx, s, secrets, missing));
    });
    doc.clusters.forEach((c, i) => {
      const a = clusterActions[i] ?? 'skip';
      if (writes(a)) upsert(ctx, 'cluster', a, clusterSpec(ctx, c, secrets, missing));
    });
    doc.systems.forEach((s, i) => {
      const a = systemActions[i] ?? 'skip';
      if (writes(a)) upsert(ctx, 'system', a, validateSystem(ctx, s));
    });
    // Jump hosts must exist once everything is in.
    for (const s of ctx.servers.list()) {
      if (s.spec.jump && !ctx.servers.find(s.spec.jump)) {
        throw new LifeboatError(
          'estate.not_found',
          `Server "${s.spec.name}" jumps through "${s.spec.jump}", which is not in the estate.`,
        );
      }
    }
    ctx.journal.append({
      actor: ctx.actor,
      action: 'estate.imported',
      subject: 'estate',
      details: Object.fromEntries(
        (['create', 'replace', 'unchanged', 'skip'] as const).map((a) => [
          a,
          plan.filter((p) => p.action === a).length,
        ]),
      ),
    });
  })();
  return { applied: true, entries: plan, missingSecrets: missing };
}

function upsert<K extends EstateKind>(ctx: EstateContext, kind: K, action: Action, spec: { name: string }) {
  const store = {
    server: ctx.servers,
    cluster: ctx.clusters,
    repository: ctx.repositories,
    system: ctx.systems,
  }[kind];
  if (action === 'replace') {
    const old = store.get(spec.name).spec;
    const kept = new Set(secretRefs(spec));
    secretRefs(old)
      .filter((r) => !kept.has(r))
      .forEach((r) => ctx.vault.remove(r));
    (store.update as (s: unknown) => void)(spec);
  } else (store.insert as (s: unknown) => void)(spec);
}

/** A secret from the bundle into the vault; else the existing ref (replace keeps credentials); else missing. */
function slot(ctx: EstateContext, secrets: SecretSlots, key: string, purpose: string, existing?: string) {
  const value = secrets[key];
  if (value !== undefined) return ctx.vault.put(purpose, value);
  return existing;
}

function serverSpec(ctx: EstateContext, d: ServerDoc, secrets: SecretSlots, missing: string[]): ServerSpec {
  const stored = ctx.servers.find(d.name)?.spec;
  // Replace keeps the stored credentials only for the same account at the same address: a file
  // that moves the server elsewhere must not have our password or key sent there.
  const sameAddress =
    stored !== undefined &&
    stored.host === d.host &&
    stored.port === d.port &&
    stored.user === d.user &&
    (stored.jump ?? '') === (d.jump ?? '');
  const old = sameAddress ? stored.auth : undefined;
  const same = old?.kind === d.auth ? old : undefined;
  let auth: ServerSpec['auth'] = { kind: 'agent' };
  const base = `server/${d.name}/`;
  if (d.auth === 'key') {
    const oldKey = same?.kind === 'key' ? same : undefined;
    const keyRef = slot(ctx, secrets, `${base}privateKey`, `server ${d.name}: private key`, oldKey?.keyRef);
    const passphraseRef = slot(
      ctx,
      secrets,
      `${base}passphrase`,
      `server ${d.name}: key passphrase`,
      oldKey?.passphraseRef,
    );
    if (!keyRef) missing.push(`server ${d.name}: private key`);
    auth = { kind: 'key', ...(keyRef ? { keyRef } : {}), ...(passphraseRef ? { passphraseRef } : {}) };
  } else if (d.auth === 'password') {
    const oldPw = same?.kind === 'password' ? same.passwordRef : undefined;
    const passwordRef = slot(ctx, secrets, `${base}password`, `server ${d.name}: password`, oldPw);
    if (!passwordRef) missing.push(`server ${d.name}: password`);
    auth = { kind: 'password', ...(passwordRef ? { passwordRef } : {}) };
  }
  const { hostKey, ...rest } = d;
  return {
    ...rest,
    auth,
    ...(hostKey ? { hostKey: { ...hostKey, acceptedAt: new Date().toISOString() } } : {}),
  };
}

function clusterSpec(
  ctx: EstateContext,
  d: ClusterDoc,
  secrets: SecretSlots,
  missing: string[],
): ClusterSpec {
  const ref = slot(
    ctx,
    secrets,
    `cluster/${d.name}/kubeconfig`,
    `cluster ${d.name}: kubeconfig (context ${d.context})`,
    ctx.clusters.find(d.name)?.spec.kubeconfigRef,
  );
  if (!ref) missing.push(`cluster ${d.name}: kubeconfig credentials`);
  return { ...d, ...(ref ? { kubeconfigRef: ref } : {}) };
}

function repositorySpec(
  ctx: EstateContext,
  d: RepositoryDoc,
  secrets: SecretSlots,
  missing: string[],
  bundle: boolean,
): RepositorySpec {
  const passphraseRef = slot(
    ctx,
    secrets,
    `repository/${d.name}/passphrase`,
    `repository ${d.name}: passphrase`,
    ctx.repositories.find(d.name)?.spec.passphraseRef,
  );
  // A bundle carries the passphrase of every repository that had one; a YAML file never does,
  // and without it no point there can be read: say so, with the command that sets it.
  if (!passphraseRef && !bundle)
    missing.push(
      `repository ${d.name}: passphrase (lifeboat repo connect ${d.name} --passphrase-env VAR, or in the console: Connect)`,
    );
  return { ...repositoryLocation(ctx, d, secrets, missing), ...(passphraseRef ? { passphraseRef } : {}) };
}

function repositoryLocation(
  ctx: EstateContext,
  d: RepositoryDoc,
  secrets: SecretSlots,
  missing: string[],
): RepositorySpec {
  const l = d.location;
  if (l.kind === 'local')
    return { name: d.name, location: { kind: 'local', path: normalizeLocalPath(l.path) } };
  const location = { ...l, prefix: normalizePrefix(l.prefix) };
  if (l.credentials.kind === 'profile')
    return { name: d.name, location: { ...location, credentials: l.credentials } };
  const old = ctx.repositories.find(d.name)?.spec.location;
  // Kept only for the same endpoint and bucket: a file must not point our keys (a session token
  // travels as it is) at another server.
  const sameStore = old?.kind === 's3' && old.endpoint === l.endpoint && old.bucket === l.bucket;
  const oldKeys =
    sameStore && old.credentials.kind === 'keys' && old.credentials.accessKeyId === l.credentials.accessKeyId
      ? old.credentials
      : undefined;
  const base = `repository/${d.name}/`;
  const secretKeyRef = slot(
    ctx,
    secrets,
    `${base}secretAccessKey`,
    `repository ${d.name}: secret access key`,
    oldKeys?.secretKeyRef,
  );
  const sessionTokenRef = slot(
    ctx,
    secrets,
    `${base}sessionToken`,
    `repository ${d.name}: session token`,
    oldKeys?.sessionTokenRef,
  );
  if (!secretKeyRef) missing.push(`repository ${d.name}: secret access key`);
  return {
    name: d.name,
    location: {
      ...location,
      credentials: {
        kind: 'keys',
        accessKeyId: l.credentials.accessKeyId,
        ...(secretKeyRef ? { secretKeyRef } : {}),
        ...(sessionTokenRef ? { sessionTokenRef } : {}),
      },
    },
  };
}

/** Servers ordered so that a jump host comes before the servers that use it; loops refused. */
function jumpOrder(servers: ServerDoc[]): ServerDoc[] {
  const byName = new Map(servers.map((s) => [s.name, s]));
  const out: ServerDoc[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: ServerDoc) => {
    if (state.get(s.name) === 'done') return;
    if (state.get(s.name) === 'visiting') {
      throw new LifeboatError('estate.jump_cycle', `The file's jump hosts form a loop through "${s.name}".`);
    }
    state.set(s.name, 'visiting');
    const jump = s.jump ? byName.get(s.jump) : undefined;
    if (jump) visit(jump);
    state.set(s.name, 'done');
    out.push(s);
  };
  servers.forEach(visit);
  return out;
}
