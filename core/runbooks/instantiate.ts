// Filling a runbook's parameters: every `{{name}}` in its steps gets its value, and the result is
// checked again like a runbook as written (scopes, URLs, regexes … now that they are known), with
// problems pointing at the lines of the original text. The substitution edits the parsed YAML
// document itself, so every node keeps its position.
//   - a list item that becomes empty is left out (`paths: ['{{file}}']` with no file = everything);
//   - a field that becomes empty is left out (absent);
//   - a verify check whose essential field becomes empty (an http check without a URL) is skipped,
//     and the step says which and why; so is a rollout check of a kind that has no rollout.
import { isMap, isPair, isScalar, isSeq, visit, type YAMLMap } from 'yaml';
import { LifeboatError } from '../api/errors';
import { shQuote } from '../connect/ssh/quote';
import { parameterRef, workloadKinds, type CheckType, type RunbookSpec } from './model';
import { checkDocument, invalidRunbook, loadYaml } from './parse';

export interface InstantiateInput {
  /** The runbook's text (already known to be valid). */
  yaml: string;
  /** Values from the system and its scope; names the runbook does not declare are ignored. */
  filled: Record<string, string>;
  /** Values given by the operator; each must name a declared parameter. */
  given?: Record<string, string>;
  /** For messages: `Runbook X for system Y`. */
  label: string;
}

type Skipped = { type: CheckType; reason: string };

/** What a check cannot do without. */
const essential: Record<CheckType, readonly string[]> = {
  http: ['url'],
  ssh: ['server', 'command'],
  rollout: ['cluster', 'namespace', 'kind'],
  fileHash: ['scope'],
};

const fill = (text: string, values: Record<string, string>, quote: (v: string) => string = (v) => v) =>
  text.replace(parameterRef, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : quote(value);
  });

const refs = (text: string) => [...text.matchAll(parameterRef)].map((m) => m[1] ?? '');

/** The spec with every parameter filled; throws runbook.missing_parameter or runbook.bad_parameters. */
export function instantiate(input: InstantiateInput): RunbookSpec {
  const loaded = loadYaml(input.yaml);
  const { spec } = checkDocument(loaded);
  if (loaded.issues.length || !spec)
    throw new LifeboatError(
      'runbook.damaged',
      `${input.label}: the stored text is no longer valid; import it again.`,
    );
  const declared = new Map(spec.parameters.map((p) => [p.name, p]));
  const unknown = Object.keys(input.given ?? {}).filter((n) => !declared.has(n));
  if (unknown.length)
    throw new LifeboatError(
      'runbook.unknown_parameter',
      `${input.label} has no parameter ${unknown.map((n) => `"${n}"`).join(', ')} (it has: ${[...declared.keys()].join(', ') || 'none'}).`,
    );
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of spec.parameters) {
    const v = input.given?.[p.name] ?? input.filled[p.name] ?? p.default;
    if (v === undefined) missing.push(p.description ? `${p.name} (${p.description})` : p.name);
    else values[p.name] = v;
  }
  if (missing.length)
    throw new LifeboatError(
      'runbook.missing_parameter',
      `${input.label} needs a value for: ${missing.join('; ')}.`,
      {
        missing,
      },
    );

  const steps = loaded.doc.get('steps', true);
  const skipped = new Map<number, Skipped[]>();
  if (isSeq(steps)) {
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      if (step.get('kind') === 'verify') skipped.set(index, skipChecks(step, values));
      // A node, not a plain string, so that the substitution below sees it.
      if (step.get('kind') === 'restore' && !step.has('scope'))
        step.set('scope', loaded.doc.createNode('{{scope}}'));
    });
    substitute(steps, values);
    for (const step of steps.items) {
      // A list emptied by parameters means "everything", which is what absent means.
      if (!isMap(step)) continue;
      for (const key of ['paths', 'resources']) {
        const list = step.get(key, true);
        if (isSeq(list) && list.items.length === 0) step.delete(key);
      }
    }
  }
  const checked = checkDocument(loaded, { instance: true });
  if (!checked.spec) throw invalidRunbook(checked.issues, undefined, 'runbook.bad_parameters', input.label);
  return {
    ...checked.spec,
    parameters: checked.spec.parameters.map((p) => ({
      ...p,
      ...(values[p.name] !== undefined ? { value: values[p.name] } : {}),
    })),
    steps: checked.spec.steps.map((s, i) =>
      s.kind === 'verify' ? { ...s, skipped: skipped.get(i) ?? [] } : s,
    ),
  };
}

/** Takes out the checks that cannot run with these values; says why. */
function skipChecks(step: YAMLMap, values: Record<string, string>): Skipped[] {
  const checks = step.get('checks', true);
  if (!isSeq(checks)) return [];
  const out: Skipped[] = [];
  checks.items = checks.items.filter((check) => {
    if (!isMap(check) || check.items.length !== 1) return true;
    const pair = check.items[0];
    const type = isPair(pair) && isScalar(pair.key) ? (pair.key.value as CheckType) : undefined;
    const body = type && isMap(pair?.value) ? pair.value : undefined;
    if (!type || !body || !(type in essential)) return true;
    for (const key of essential[type]) {
      const raw = body.get(key);
      if (typeof raw !== 'string' || refs(raw).length === 0) continue;
      const value = fill(raw, values).trim();
      if (value === '') {
        const names = refs(raw)
          .map((n) => `"${n}"`)
          .join(', ');
        out.push({ type, reason: `${key} is empty: parameter ${names} has no value` });
        return false;
      }
      const kinds: readonly string[] = workloadKinds;
      if (type === 'rollout' && key === 'kind' && !kinds.includes(value)) {
        out.push({ type, reason: `a ${value} has no rollout to wait for (only ${kinds.join(' and ')})` });
        return false;
      }
    }
    return true;
  });
  return out;
}

function substitute(steps: Parameters<typeof visit>[0], values: Record<string, string>): void {
  visit(steps, {
    Pair(_, pair) {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return undefined;
      if (refs(pair.value.value).length === 0) return undefined;
      // A command (a command step's, an ssh check's) is run by a shell on the server: each value
      // goes in as one quoted word, so that `; rm -rf /` or a path with spaces stays an argument.
      const isCommand = isScalar(pair.key) && pair.key.value === 'command';
      const value = fill(pair.value.value, values, isCommand ? shQuote : undefined);
      if (value.trim() === '') return visit.REMOVE;
      pair.value.value = value;
      return undefined;
    },
    Scalar(key, node) {
      // List items (pair values were handled above).
      if (typeof key !== 'number' || typeof node.value !== 'string' || refs(node.value).length === 0)
        return undefined;
      const value = fill(node.value, values);
      if (value.trim() === '') return visit.REMOVE;
      node.value = value;
      return undefined;
    },
  });
}
