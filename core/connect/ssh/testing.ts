// ed25519 key pairs for tests. ssh2's generator writes about 1 key in 200 that its own parser
// rejects (a public key whose leading zero byte was dropped: 31 bytes, not 32), which made tests
// that need "some key" fail now and then: take only keys ssh2 reads back.
import { utils } from 'ssh2';

type Options = Parameters<typeof utils.generateKeyPairSync>[1];

export function testKeyPair(opts?: Options): { private: string; public: string } {
  for (;;) {
    const pair = opts ? utils.generateKeyPairSync('ed25519', opts) : utils.generateKeyPairSync('ed25519');
    const passphrase = opts && 'passphrase' in opts ? opts.passphrase : undefined;
    const parsed = utils.parseKey(pair.private, passphrase);
    if (!(parsed instanceof Error)) return pair;
  }
}
