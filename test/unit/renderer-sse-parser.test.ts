import { describe, expect, it } from 'vitest';
import { SseParser } from '../../renderer/src/api/sse-parser';

describe('SseParser', () => {
  it('parses named events and skips comments', () => {
    const p = new SseParser();
    expect(p.push(': connected\n\nevent: job.progress\ndata: {"a":1}\n\n: keep-alive\n\n')).toEqual([
      { event: 'job.progress', data: '{"a":1}' },
    ]);
  });
  it('joins messages split across chunks at any point', () => {
    const text = 'event: journal.entry\ndata: {"entry":{"seq":1}}\n\nevent: x\ndata: 2\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(out).toEqual([
        { event: 'journal.entry', data: '{"entry":{"seq":1}}' },
        { event: 'x', data: '2' },
      ]);
    }
  });
  it('handles CRLF and CR line ends, including a CRLF split between chunks', () => {
    const p = new SseParser();
    expect([...p.push('event: a\r\ndata: 1\r'), ...p.push('\n\r\n')]).toEqual([{ event: 'a', data: '1' }]);
    expect(p.push('data: 2\r\r')).toEqual([{ event: 'message', data: '2' }]);
  });
  it('joins multi-line data, keeps a value without the optional space, ignores empty events', () => {
    const p = new SseParser();
    expect(p.push('data:one\ndata: two\n\nevent: lonely\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
  });
  it('keeps the last event id', () => {
    const p = new SseParser();
    expect(p.push('id: 7\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x', id: '7' }]);
  });
});
