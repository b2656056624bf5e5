// Pulls exact byte counts out of a stream of chunks, without holding more than one chunk
// beyond what was asked for.
import { LifeboatError } from '../../../api/errors';

export class ByteReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private done = false;
  private readonly it: AsyncIterator<Buffer>;
  /** Bytes consumed so far (for error messages). */
  position = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    if (chunk.length) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    return true;
  }

  /** Exactly `n` bytes, or undefined if the stream ends first (with `partial` true if it ended mid-way). */
  async read(n: number): Promise<{ data?: Buffer; partial: boolean }> {
    while (this.pendingBytes < n) if (!(await this.fill())) break;
    if (this.pendingBytes < n) return { partial: this.pendingBytes > 0 };
    const data = this.take(n);
    return { data, partial: false };
  }

  /** Yields exactly `n` bytes in chunks; throws `backup.truncated` if the stream ends first. */
  async *stream(n: number, what: string): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.pendingBytes === 0 && !(await this.fill())) {
        throw new LifeboatError(
          'backup.truncated',
          `The stream ended early, ${left} bytes short, inside ${what}.`,
        );
      }
      const first = this.pending[0];
      if (!first) continue;
      const take = Math.min(left, first.length);
      yield this.take(take);
      left -= take;
    }
  }

  /** Skips `n` bytes. */
  async skip(n: number, what: string): Promise<void> {
    for await (const _ of this.stream(n, what)) {
      // discard
    }
  }

  private take(n: number): Buffer {
    this.position += n;
    this.pendingBytes -= n;
    const first = this.pending[0];
    if (first && first.length === n) {
      this.pending.shift();
      return first;
    }
    if (first && first.length > n) {
      this.pending[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const c = this.pending[0] as Buffer;
      const take = Math.min(n - off, c.length);
      c.copy(out, off, 0, take);
      off += take;
      if (take === c.length) this.pending.shift();
      else this.pending[0] = c.subarray(take);
    }
    return out;
  }
}
