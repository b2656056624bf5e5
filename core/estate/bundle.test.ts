// The estate bundle: what it seals opens again; a header asking for an unbounded key derivation is
// refused before any derivation, as damage.
import { describe, expect, it } from 'vitest';
import { bundleMagic, readBundle, writeBundle } from './bundle';

describe('estate bundle', () => {
  it('opens what it sealed, and refuses a header that asks for too much work, at once', () => {
    const text = writeBundle({ estate: { servers: [] } }, 'handover passphrase');
    expect(readBundle(text, 'handover passphrase')).toEqual({ estate: { servers: [] } });
    const [, header, ...rest] = text.split('\n');
    const hostile = JSON.stringify({ ...JSON.parse(header!), N: 16384, r: 8, p: 200 });
    const started = Date.now();
    expect(() => readBundle([bundleMagic, hostile, ...rest].join('\n'), 'handover passphrase')).toThrow(
      expect.objectContaining({ code: 'estate.bad_bundle' }),
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
