// `repo test` for a local folder (a USB disk, a NAS mount): can Lifeboat list, write, read back
// and delete a file there? Writes one probe file with a random name and always removes it.

import { randomBytes } from 'node:crypto';
import { lstat, open, opendir, readFile, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LifeboatError } from '../../api/errors';
import { classifyFsError } from './fs-errors';
import { normalizeLocalPath } from './local-path';
import { createCheckRecorder, type LocationTestReport } from './location-report';

const PROBE_BYTES = 4096;

/**
 * Tests a local repository folder. The folder must already exist (it is never created: a
 * missing folder usually means an unmounted disk). Throws only for an invalid path
 * (`repo.bad_location`) or cancellation; every other problem is a failed check in the report.
 */
export async function testLocalLocation(
  folder: string,
  opts: { signal?: AbortSignal } = {},
): Promise<LocationTestReport> {
  const dir = normalizeLocalPath(folder);
  const { signal } = opts;
  const rec = createCheckRecorder((err, op) => classifyFsError(err, dir, op), signal);
  const probe = path.join(dir, `.lifeboat-probe-${randomBytes(8).toString('hex')}`);
  const bytes = randomBytes(PROBE_BYTES);
  let created = false;
  let gone = false;

  const runChecks = async (): Promise<void> => {
    await rec.run('list', async () => {
      const info = await stat(dir);
      if (!info.isDirectory()) {
        throw new LifeboatError('repo.not_a_directory', `${dir} is a file, not a folder.`);
      }
      const entries = await opendir(dir);
      try {
        await entries.read();
      } finally {
        await entries.close();
      }
    });
    const fatal = rec.fatal();
    if (fatal) {
      for (const op of ['write', 'read', 'delete'] as const)
        rec.skip(op, `the folder is unusable (${fatal.code}).`);
      return;
    }

    const wrote = await rec.run('write', async () => {
      const handle = await open(probe, 'wx', 0o600);
      created = true;
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    if (!wrote) {
      rec.skip('read', 'the probe file could not be written.');
      rec.skip('delete', 'the probe file could not be written.');
      return;
    }

    await rec.run('read', async () => {
      const back = await readFile(probe, signal ? { signal } : {});
      if (!back.equals(bytes)) {
        throw new LifeboatError(
          'repo.error',
          `Read back ${back.length} bytes from ${probe} that differ from the ${bytes.length} written; the folder does not keep data faithfully.`,
        );
      }
    });

    gone = await rec.run('delete', async () => {
      await unlink(probe);
      try {
        await lstat(probe);
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ENOENT') return;
        throw err;
      }
      throw new LifeboatError('repo.error', `${probe} is still there after it was deleted.`);
    });
  };

  try {
    await runChecks();
  } finally {
    // Runs on failure and on cancellation too: the probe never stays behind if it can be removed.
    if (created && !gone) {
      try {
        await rm(probe, { force: true });
      } catch {
        rec.amend('delete', `The probe file ${probe} may be left behind; delete it by hand.`);
      }
    }
  }
  return rec.report();
}
