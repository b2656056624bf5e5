// Incremental Server-Sent Events parser (the subset of the WHATWG algorithm we need): feed it
// decoded text chunks as they arrive, get back complete messages. Handles \n, \r\n and \r line
// ends, comments (":" keep-alives), multi-line data, and messages split across chunks.

export interface SseMessage {
  /** The `event:` field; "message" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The `id:` field, when present. */
  id?: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** A chunk ended with "\r": a "\n" at the start of the next chunk belongs to it. */
  private pendingCr = false;

  /** Feed the next decoded chunk; returns the messages it completed, in order. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = text.endsWith('\r');
    this.buffer += text;

    const out: SseMessage[] = [];
    const lineEnd = /\r\n|\r|\n/g;
    let start = 0;
    let match: RegExpExecArray | null;
    while ((match = lineEnd.exec(this.buffer)) !== null) {
      const line = this.buffer.slice(start, match.index);
      start = match.index + match[0].length;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    // "retry" and unknown fields are ignored: reconnection is the transport's job.
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const hadData = this.data.length > 0;
    const message: SseMessage = { event: this.event || 'message', data: this.data.join('\n') };
    if (this.id !== undefined) message.id = this.id;
    this.event = '';
    this.data = [];
    return hadData ? message : undefined;
  }
}
