// An independent reader written from FORMAT.md alone — node:crypto and node:zlib, none of the
// library's code — proves the document describes the bytes the library writes.
import { createDecipheriv, createHash, scryptSync } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from './backend/memory';
import { initRepository } from './repository';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** FORMAT.md "Sealed payload": nonce(12) ‖ ciphertext ‖ tag(16); plaintext = flag ‖ payload. */
function unseal(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  const flagged = Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  const payload = flagged.subarray(1);
  switch (flagged[0]) {
    case 0:
      return payload;
    case 1:
      return zlib.inflateRawSync(payload);
    case 2:
      return zlib.brotliDecompressSync(payload);
    default:
      throw new Error('unknown flag');
  }
}

describe('FORMAT.md', () => {
  it('is enough to read a repository without the library', async () => {
    const backend = createMemoryBackend();
    const repo = await initRepository(backend, 'pass phrase');
    const content = Buffer.from('worked example\n'.repeat(100));
    const blob = await repo.saveBlob('data', content);
    const tree = await repo.saveTree({
      nodes: [
        {
          name: 'a.txt',
          type: 'file',
          mode: 0o644,
          uid: 0,
          gid: 0,
          mtime: '2024-05-01T12:00:00Z',
          size: content.length,
          content: [blob.id],
        },
      ],
    });
    const snapshotId = await repo.saveSnapshot({
      scope: 'example',
      paths: ['/'],
      tree,
      stats: { files: 1, dirs: 1, bytes: content.length, blobsNew: 2, bytesNew: 0, durationMs: 1 },
    });
    const objects = backend.objects;
    const keysOf = (prefix: string) => [...objects.keys()].filter((k) => k.startsWith(prefix));

    // Key file → master key.
    const keyBytes = objects.get(keysOf('keys/')[0]!)!;
    const keyFile = JSON.parse(keyBytes.toString()) as {
      kdf: { N: number; r: number; p: number; salt: string };
      masterKey: string;
    };
    const { N, r, p, salt } = keyFile.kdf;
    const wrapping = scryptSync('pass phrase'.normalize('NFC'), Buffer.from(salt, 'base64'), 32, {
      N,
      r,
      p,
      maxmem: 256 * N * r + 2 ** 20,
    });
    const sealedKey = Buffer.from(keyFile.masterKey, 'base64');
    const d = createDecipheriv('aes-256-gcm', wrapping, sealedKey.subarray(0, 12));
    d.setAAD(Buffer.from('lifeboat/key'));
    d.setAuthTag(sealedKey.subarray(sealedKey.length - 16));
    const master = Buffer.concat([d.update(sealedKey.subarray(12, sealedKey.length - 16)), d.final()]);
    expect(master.length).toBe(32);

    // Config.
    const config = JSON.parse(unseal(master, objects.get('config')!, 'lifeboat/config').toString()) as {
      version: number;
      id: string;
    };
    expect(config).toMatchObject({ version: 1, id: repo.id });

    // Snapshot → root tree → file content, through the index and one ranged read per blob.
    const snapBytes = objects.get(`snapshots/${snapshotId}`)!;
    expect(sha256(snapBytes)).toBe(snapshotId);
    const snapshot = JSON.parse(unseal(master, snapBytes, 'lifeboat/snapshot').toString()) as {
      tree: string;
      complete: boolean;
    };
    expect(snapshot.complete).toBe(true);
    type Entry = { type: string; id: string; offset: number; length: number; rawLength: number };
    const where = new Map<string, { pack: string } & Entry>();
    for (const k of keysOf('index/')) {
      const bytes = objects.get(k)!;
      expect(`index/${sha256(bytes)}`).toBe(k);
      const index = JSON.parse(unseal(master, bytes, 'lifeboat/index').toString()) as {
        packs: { id: string; blobs: Entry[] }[];
      };
      for (const pk of index.packs)
        for (const b of pk.blobs) where.set(`${b.type}:${b.id}`, { pack: pk.id, ...b });
    }
    const readBlob = (type: string, id: string) => {
      const loc = where.get(`${type}:${id}`)!;
      const pack = objects.get(`packs/${loc.pack.slice(0, 2)}/${loc.pack}`)!;
      const plain = unseal(
        master,
        pack.subarray(loc.offset, loc.offset + loc.length),
        `lifeboat/blob/${type}/${id}`,
      );
      expect(plain.length).toBe(loc.rawLength);
      expect(sha256(plain)).toBe(id);
      return plain;
    };
    const root = JSON.parse(readBlob('tree', snapshot.tree).toString()) as {
      nodes: { name: string; content: string[] }[];
    };
    expect(root.nodes[0]!.name).toBe('a.txt');
    expect(readBlob('data', root.nodes[0]!.content[0]!).equals(content)).toBe(true);

    // Each pack: trailer → header → blobs back to back.
    for (const k of keysOf('packs/')) {
      const pack = objects.get(k)!;
      expect(sha256(pack)).toBe(k.slice(-64));
      const headerLength = pack.readUInt32LE(pack.length - 4);
      const header = JSON.parse(
        unseal(
          master,
          pack.subarray(pack.length - 4 - headerLength, pack.length - 4),
          'lifeboat/pack-header',
        ).toString(),
      ) as { version: number; blobs: Entry[] };
      const end = header.blobs.reduce((at, b) => (expect(b.offset).toBe(at), at + b.length), 0);
      expect(end).toBe(pack.length - 4 - headerLength);
    }
  });
});
