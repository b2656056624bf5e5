// The per-launch token of `lifeboat serve` arrives in the URL fragment (`#token=…`), which the
// browser never sends to a server. We read it once, keep it in sessionStorage (so a reload of
// this tab keeps working, a new tab does not inherit it) and take it out of the address bar.

const storageKey = 'lifeboat.serve-token';

export interface SplitHash {
  token?: string;
  /** What is left of the fragment, with its "#" (may be "" when nothing is left). */
  rest: string;
}

/**
 * Separates `token=…` from the rest of a fragment: "#token=abc" → { token: "abc", rest: "" },
 * "#/journal&token=abc" → { token: "abc", rest: "#/journal" }. Pure, for tests.
 */
export function splitTokenFromHash(hash: string): SplitHash {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const match = /(^|[&?])token=([^&]*)/.exec(body);
  if (!match) return { rest: hash };
  let token: string;
  try {
    token = decodeURIComponent(match[2] ?? '');
  } catch {
    token = match[2] ?? '';
  }
  const left = body.slice(0, match.index);
  const right = body.slice(match.index + match[0].length);
  const restBody = (left + (left && right ? right : right.replace(/^&/, ''))).replace(/[?&]$/, '');
  const result: SplitHash = { rest: restBody ? `#${restBody}` : '' };
  if (token) result.token = token;
  return result;
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the token lives only in memory for this page
  }
}

/**
 * Reads the token from the address bar (and stores it) or from sessionStorage, and strips it
 * from the address bar with history.replaceState. Must run before anything reads the hash.
 */
export function takeServeToken(): string | undefined {
  const { token, rest } = splitTokenFromHash(window.location.hash);
  if (token) {
    storage()?.setItem(storageKey, token);
    const url = window.location.pathname + window.location.search + rest;
    window.history.replaceState(window.history.state, '', url);
    return token;
  }
  return storage()?.getItem(storageKey) ?? undefined;
}

/** Forgets a token the server refused. */
export function forgetServeToken(): void {
  storage()?.removeItem(storageKey);
}
