// fileHash: the live files' SHA-256 equal the restore point's. The files restore engine's
// preview is exactly that comparison — it hashes every live regular file of the subset with
// `sha256sum` over SSH and takes the point's hash from the repository — so a file to create
// (missing live) or to replace with other content fails the check; metadata alone does not.
import { toApiError } from '../../../api/errors';
import type { Services } from '../../../api/handlers/types';
import { openRepo } from '../../../backup/open-repository';
import { previewOf } from '../../../restore/plan';
import { resolveScopes } from '../../../restore/target';
import type { CheckSpec } from '../../model';
import type { CheckResult } from './result';

type FileHashCheck = Extract<CheckSpec, { type: 'fileHash' }>;

/** The whole comparison is bounded: the model gives fileHash no time limit of its own. */
export const fileHashTimeoutMs = 300_000;

export interface FileHashTarget {
  /** The restore point to compare with. */
  pointId: string;
  /** Compare with this copy instead of the scope itself (a drill's sandbox). */
  destination?: string;
}

export async function fileHashCheck(
  s: Services,
  c: FileHashCheck,
  t: FileHashTarget,
  signal: AbortSignal,
): Promise<CheckResult> {
  const where = t.destination ?? c.scope;
  const label = `sha256 of ${c.path ?? c.scope} at ${where} = the point's`;
  const started = performance.now();
  const result = (ok: boolean, message: string): CheckResult => ({
    label,
    ok,
    message,
    durationMs: Math.round(performance.now() - started),
  });
  const sig = AbortSignal.any([signal, AbortSignal.timeout(fileHashTimeoutMs)]);
  try {
    const point = s.points.resolve(t.pointId);
    const scopes = resolveScopes(s, c.scope, t.destination);
    const repo = await openRepo(s.estate.ctx, point.repository, sig);
    const snapshot = await repo.loadSnapshot(point.id, { signal: sig });
    const choice = {
      ...(c.path ? { paths: [c.path] } : {}),
      deleteExtra: false,
      conflict: 'update' as const,
    };
    const p = await previewOf(s, scopes, repo, snapshot, choice, sig);
    if (p.kind !== 'files') return result(false, `${c.scope} does not hold files`);
    const isFile = (t?: string) => t === 'file' || t === 'hardlink';
    const missing = p.create.filter((x) => isFile(x.new?.type)).map((x) => x.path);
    const differ = p.replace
      .filter((x) => isFile(x.new?.type) && (x.old?.type !== 'file' || x.old.sha256 !== x.new?.sha256))
      .map((x) => x.path);
    const bad = [...missing.map((m) => `${m} (missing)`), ...differ.map((d) => `${d} (other content)`)];
    if (bad.length)
      return result(
        false,
        `${bad.length} file${bad.length > 1 ? 's' : ''} differ from point ${point.shortId}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ' …' : ''}`,
      );
    const metadata = p.replace.length ? ` (${p.replace.length} with other metadata only)` : '';
    return result(true, `content matches point ${point.shortId}${metadata}`);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (sig.aborted) return result(false, `not finished within ${fileHashTimeoutMs / 1000} s`);
    return result(false, toApiError(e).message);
  }
}
