// The subset of a files restore: absolute paths or globs inside the scope's path. `*` and `?`
// match within one name (any bytes but "/"; `?` is one character), `**` as a whole component
// matches any number of components, and a matched directory brings everything below it.
// Matching walks the point's tree one name at a time (a small NFA per pattern), so the walk
// only descends into directories some pattern can still match below.
import { LifeboatError } from '../../api/errors';

type Component = { literal: string } | { glob: RegExp } | { any: true };

export interface Pattern {
  /** As the user wrote it (messages). */
  text: string;
  components: Component[];
  /** The components before the first wildcard: the directory a listing of extras starts at. */
  literalPrefix: string[];
}

/** Pattern index × position in it, packed (positions never reach 2^16). */
export type MatchState = readonly number[];

const pack = (p: number, i: number) => p * 65536 + i;

function globRegExp(text: string): RegExp {
  let re = '';
  for (const ch of text) {
    if (ch === '*') re += '[^]*';
    else if (ch === '?') re += '[^]';
    else re += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

function component(text: string): Component {
  if (text === '**') return { any: true };
  if (/[*?]/.test(text)) return { glob: globRegExp(text) };
  return { literal: text };
}

/**
 * Parses the subset against the scope's path. Undefined = the whole scope (undefined); an empty
 * list = nothing from the point (no pattern matches: an undo without a safety point only deletes).
 * Throws `restore.bad_subset` for a relative path, "." or "..", or a path outside the scope.
 */
export function parseSubset(sourcePath: string, subset: string[] | undefined): Pattern[] | undefined {
  if (!subset) return undefined;
  const scope = sourcePath.split('/').filter(Boolean);
  return subset.map((text) => {
    if (!text.startsWith('/'))
      throw new LifeboatError(
        'restore.bad_subset',
        `"${text}" is not an absolute path; subset paths are absolute and lie inside ${sourcePath}.`,
      );
    const parts = text.split('/').filter(Boolean);
    if (parts.some((p) => p === '.' || p === '..'))
      throw new LifeboatError('restore.bad_subset', `"${text}" holds "." or ".."; write the path plainly.`);
    if (parts.length < scope.length || scope.some((s, i) => s !== parts[i]))
      throw new LifeboatError(
        'restore.bad_subset',
        `"${text}" is outside the scope's path ${sourcePath}; choose paths inside it.`,
      );
    const rest = parts.slice(scope.length);
    const firstWild = rest.findIndex((p) => /[*?]/.test(p));
    return {
      text,
      components: rest.map(component),
      literalPrefix: firstWild < 0 ? rest : rest.slice(0, firstWild),
    };
  });
}

export class SubsetMatcher {
  constructor(readonly patterns: readonly Pattern[]) {}

  /** `**` may match nothing: a state at a `**` is also at the position after it. */
  private close(states: number[]): number[] {
    const out = new Set<number>();
    const pending = [...states];
    while (pending.length) {
      const s = pending.pop()!;
      if (out.has(s)) continue;
      out.add(s);
      const p = Math.floor(s / 65536);
      const i = s % 65536;
      const c = this.patterns[p]!.components[i];
      if (c && 'any' in c) pending.push(pack(p, i + 1));
    }
    return [...out];
  }

  /** The state at the scope's root (before any name). */
  start(): MatchState {
    return this.close(this.patterns.map((_, p) => pack(p, 0)));
  }

  /** The state after one more name (its text form). */
  step(state: MatchState, name: string): MatchState {
    const next: number[] = [];
    for (const s of state) {
      const p = Math.floor(s / 65536);
      const i = s % 65536;
      const c = this.patterns[p]!.components[i];
      if (!c) continue;
      if ('any' in c) next.push(s);
      else if ('literal' in c ? c.literal === name : c.glob.test(name)) next.push(pack(p, i + 1));
    }
    return next.length ? this.close(next) : next;
  }

  /** The patterns that match exactly here. */
  matched(state: MatchState): number[] {
    const out: number[] = [];
    for (const s of state) {
      const p = Math.floor(s / 65536);
      if (s % 65536 === this.patterns[p]!.components.length) out.push(p);
    }
    return out;
  }

  /** Some pattern can still match below here. */
  alive(state: MatchState): boolean {
    return state.some((s) => s % 65536 < this.patterns[Math.floor(s / 65536)]!.components.length);
  }

  /** Whether a path (names as text, relative to the scope) is selected: it or an ancestor matches. */
  selects(names: string[]): boolean {
    let state = this.start();
    if (this.matched(state).length) return true;
    for (const n of names) {
      state = this.step(state, n);
      if (this.matched(state).length) return true;
      if (!state.length) return false;
    }
    return false;
  }
}
