// Records every answer of the console's API calls (method, status, body), so a test can check
// that no secret ever comes back to the browser and which calls failed. The event stream never
// ends, so its body cannot be read here; its payloads are contract-validated events.
import type { Page } from 'playwright-core';

export interface ApiAnswer {
  method: string;
  status: number;
  body: string;
}

export interface ApiRecorder {
  answers(): ApiAnswer[];
  /** Waits until every response seen so far has been read. */
  settle(): Promise<void>;
  /** Answers whose body contains `needle`, as "method (status)". */
  containing(needle: string): string[];
  /** Calls that failed, as "method code". */
  failures(): string[];
}

export function recordApi(page: Page): ApiRecorder {
  const answers: ApiAnswer[] = [];
  const pending = new Set<Promise<void>>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/') || url.pathname === '/api/events') return;
    const read = response
      .text()
      .then((body) => {
        answers.push({ method: url.pathname.replace('/api/call/', ''), status: response.status(), body });
      })
      .catch(() => undefined)
      .finally(() => pending.delete(read));
    pending.add(read);
  });
  return {
    answers: () => [...answers],
    settle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    containing: (needle) =>
      answers.filter((a) => a.body.includes(needle)).map((a) => `${a.method} (${a.status})`),
    // A failed call is any answer with ok: false (domain errors come back as HTTP 200).
    failures: () =>
      answers.flatMap((a) => {
        try {
          const env = JSON.parse(a.body) as { ok?: boolean; error?: { code?: string } };
          return env.ok === false ? [`${a.method} ${env.error?.code ?? '?'}`] : [];
        } catch {
          return [`${a.method} (not JSON, HTTP ${a.status})`];
        }
      }),
  };
}
