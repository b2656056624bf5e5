// Form validation with the contract's own schemas (the same rules the core applies), turned into
// one short message per field; and the core's errors mapped back onto the field they name.
import { methods, type MethodInput, type MethodName } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';

export type FieldErrors = Record<string, string>;

interface Issue {
  code?: string;
  path: readonly PropertyKey[] | string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  expected?: string;
}

/** A human message for a schema issue; the schema's own message when it wrote one. */
function humanMessage(issue: Issue): string {
  if (issue.code === 'invalid_type') return issue.expected === 'number' ? 'Use a number.' : 'Required.';
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'Required.';
  if (issue.code === 'too_small' && issue.origin === 'string')
    return `Use at least ${String(issue.minimum)} characters.`;
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `Use at most ${String(issue.maximum)} characters.`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `Use ${String(issue.minimum)} or more.`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `Use ${String(issue.maximum)} or less.`;
  if (issue.code === 'invalid_format' && /url/i.test(issue.message))
    return 'Use a URL like https://s3.example.com.';
  const m = issue.message.trim();
  return m ? m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.') : 'Not valid.';
}

function pathText(path: Issue['path']): string {
  return typeof path === 'string' ? path : path.map(String).join('.');
}

/** Issues → { field: message }; `aliases` maps schema paths ("auth.privateKey") to form fields. */
export function issuesToFields(issues: readonly Issue[], aliases: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = pathText(issue.path);
    const field = aliases[path] ?? path.split('.').pop() ?? '';
    if (field && !out[field]) out[field] = humanMessage(issue);
  }
  return out;
}

/** Checks a call's input against its contract schema before sending it. */
export function checkInput<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  aliases: Record<string, string> = {},
): FieldErrors {
  const parsed = methods[method].input.safeParse(input);
  return parsed.success ? {} : issuesToFields(parsed.error.issues as unknown as Issue[], aliases);
}

/**
 * The field a core error belongs to: `api.invalid_input` carries its issues; otherwise the
 * first rule whose pattern matches the message (e.g. "already exists" → name). Returns the
 * field errors, or undefined when the error belongs to the form as a whole.
 */
export function errorToFields(
  error: ApiError,
  rules: readonly { field: string; when: RegExp }[],
  aliases: Record<string, string> = {},
): FieldErrors | undefined {
  if (error.code === 'api.invalid_input') {
    const issues = (error.details as { issues?: Issue[] } | undefined)?.issues;
    if (issues?.length) return issuesToFields(issues, aliases);
  }
  const rule = rules.find((r) => r.when.test(error.message) || r.when.test(error.code));
  return rule ? { [rule.field]: error.message } : undefined;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
