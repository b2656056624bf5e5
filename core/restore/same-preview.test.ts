import { describe, expect, it } from 'vitest';
import type { FileChange, FilesPreview, ObjectsPreview } from '../api/contract';
import { samePreview } from './same-preview';

const facts = (sha256: string, mtime = '2026-11-26T00:00:00Z') => ({
  type: 'file' as const,
  size: 3,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime,
  sha256,
});

function files(replace: FileChange[], create: FileChange[] = []): FilesPreview {
  return { kind: 'files', create, replace, delete: [], unchanged: 10, skipped: [], bytes: 3 };
}

describe('samePreview', () => {
  const a = { path: '/etc/a', old: facts('11'), new: facts('22') };

  it('is the same when only an mtime moved', () => {
    expect(samePreview(files([a]), files([{ ...a, old: facts('11', '2026-11-26T05:00:00Z') }]))).toEqual([]);
  });

  it('names a file whose content changed, appeared or vanished', () => {
    expect(samePreview(files([a]), files([{ ...a, old: facts('33') }]))).toEqual([
      '/etc/a: changed since the preview',
    ]);
    expect(samePreview(files([a]), files([]))).toEqual(['/etc/a: no longer to replace']);
    expect(samePreview(files([]), files([], [{ path: '/etc/b', new: facts('22') }]))).toEqual([
      '/etc/b: now also to create',
    ]);
  });

  it('compares object diffs', () => {
    const obj = (v: string, liveSha256?: string): ObjectsPreview => ({
      kind: 'objects',
      create: [],
      update: [
        {
          ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'n' },
          diff: [{ path: 'data.a', old: v, new: 'x' }],
          ...(liveSha256 ? { liveSha256 } : {}),
        },
      ],
      delete: [],
      unchanged: 0,
      skipped: [],
      bytes: 1,
    });
    expect(samePreview(obj('1'), obj('1'))).toEqual([]);
    expect(samePreview(obj('1'), obj('2'))).toEqual(['ConfigMap/c: changed since the preview']);
    // A change the diff cannot show (a Secret value of the same length, the end of a long text).
    expect(samePreview(obj('1', 'aa'), obj('1', 'bb'))).toEqual(['ConfigMap/c: changed since the preview']);
    expect(samePreview(obj('1'), files([]))).toEqual(['the kind of target changed']);
  });
});
