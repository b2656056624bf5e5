// Export of the estate: YAML without secrets (for the team, for git), or an encrypted bundle
// with them (for an air-gapped site).
import { stringify } from 'yaml';
import type { EstateContext } from './context';
import { writeBundle } from './bundle';
import {
  clusterDoc,
  estateApiVersion,
  repositoryDoc,
  secretSlots,
  serverDoc,
  systemDoc,
  type EstateDoc,
  type SecretSlots,
} from './estate-doc';

export function estateDoc(ctx: EstateContext): EstateDoc {
  return {
    apiVersion: estateApiVersion,
    kind: 'Estate',
    exportedAt: new Date().toISOString(),
    servers: ctx.servers.list().map((s) => serverDoc(s.spec)),
    clusters: ctx.clusters.list().map((s) => clusterDoc(s.spec)),
    repositories: ctx.repositories.list().map((s) => repositoryDoc(s.spec)),
    systems: ctx.systems.list().map((s) => systemDoc(s.spec)),
  };
}

export function exportEstate(
  ctx: EstateContext,
  bundlePassphrase?: string,
): { format: 'yaml' | 'bundle'; content: string } {
  const doc = estateDoc(ctx);
  if (!bundlePassphrase) {
    const header =
      '# Lifeboat estate. Credentials are not included: after importing, set them again\n' +
      '# (or hand over an encrypted bundle: lifeboat estate export FILE --bundle-passphrase-env VAR).\n';
    return { format: 'yaml', content: header + stringify(doc, { lineWidth: 0 }) };
  }
  const secrets: SecretSlots = {};
  const collect = (kind: 'server' | 'cluster' | 'repository', specs: Parameters<typeof secretSlots>[1][]) => {
    for (const spec of specs)
      for (const { slot, ref } of secretSlots(kind, spec)) secrets[slot] = ctx.vault.get(ref);
  };
  collect(
    'server',
    ctx.servers.list().map((s) => s.spec),
  );
  collect(
    'cluster',
    ctx.clusters.list().map((s) => s.spec),
  );
  collect(
    'repository',
    ctx.repositories.list().map((s) => s.spec),
  );
  ctx.journal.append({
    actor: ctx.actor,
    action: 'estate.exported',
    subject: 'estate',
    details: { withSecrets: true, secrets: Object.keys(secrets).length },
  });
  return { format: 'bundle', content: writeBundle({ estate: doc, secrets }, bundlePassphrase) };
}
