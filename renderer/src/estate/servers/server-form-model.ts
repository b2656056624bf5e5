// The server form's values and how they become `server.add` / `server.update` input, checked
// with the contract's schemas before anything is sent.
import type { MethodInput, ServerAuthInput, ServerView } from '../../../../core/api/contract';
import { checkInput, type FieldErrors } from '../../forms/field-errors';

export type LoginKind = ServerAuthInput['kind'];

export interface ServerFormValues {
  name: string;
  host: string;
  port: number | string;
  user: string;
  login: LoginKind;
  /** The chosen key file's content: held by the form only, sent once, never stored here. */
  privateKey: string;
  privateKeyFile: string;
  keyPassphrase: string;
  password: string;
  /** '' = connect directly. */
  jump: string;
  sudo: boolean;
  timeoutSeconds: number | string;
}

export const emptyServerForm: ServerFormValues = {
  name: '',
  host: '',
  port: 22,
  user: '',
  login: 'key',
  privateKey: '',
  privateKeyFile: '',
  keyPassphrase: '',
  password: '',
  jump: '',
  sudo: false,
  timeoutSeconds: 15,
};

export function formFromServer(s: ServerView): ServerFormValues {
  return {
    ...emptyServerForm,
    name: s.name,
    host: s.host,
    port: s.port,
    user: s.user,
    login: s.auth.kind,
    jump: s.jump ?? '',
    sudo: s.sudo,
    timeoutSeconds: s.timeoutSeconds,
  };
}

/** Schema paths → form fields. */
export const serverFieldAliases: Record<string, string> = {
  'auth.privateKey': 'privateKey',
  'auth.passphrase': 'keyPassphrase',
  'auth.password': 'password',
  timeoutSeconds: 'timeoutSeconds',
};

/** Core error messages that name a field. */
export const serverErrorRules = [
  { field: 'name', when: /already exists/ },
  { field: 'jump', when: /jump/i },
  { field: 'privateKey', when: /private key|ssh\.bad_key|passphrase/i },
  { field: 'host', when: /ssh\.host_not_found|host name/i },
  { field: 'port', when: /ssh\.connection_refused|port/i },
];

const num = (v: number | string) => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v));

function authInput(v: ServerFormValues): ServerAuthInput {
  switch (v.login) {
    case 'key':
      return {
        kind: 'key',
        privateKey: v.privateKey,
        ...(v.keyPassphrase ? { passphrase: v.keyPassphrase } : {}),
      };
    case 'password':
      return { kind: 'password', password: v.password };
    case 'agent':
      return { kind: 'agent' };
  }
}

export function toAddInput(v: ServerFormValues): MethodInput<'server.add'> {
  return {
    name: v.name.trim(),
    host: v.host.trim(),
    port: num(v.port),
    user: v.user.trim(),
    auth: authInput(v),
    ...(v.jump ? { jump: v.jump } : {}),
    sudo: v.sudo,
    timeoutSeconds: num(v.timeoutSeconds),
  };
}

/**
 * Only what changed; credentials only when new ones were given (a new key file, a password, or
 * a switch to the agent). `current` is the server as it is now.
 */
export function toUpdateInput(v: ServerFormValues, current: ServerView): MethodInput<'server.update'> {
  const newCredentials =
    v.login !== current.auth.kind ||
    (v.login === 'key' && v.privateKey !== '') ||
    (v.login === 'password' && v.password !== '');
  const host = v.host.trim();
  const user = v.user.trim();
  const port = num(v.port);
  const timeoutSeconds = num(v.timeoutSeconds);
  return {
    name: current.name,
    ...(host !== current.host ? { host } : {}),
    ...(port !== current.port ? { port } : {}),
    ...(user !== current.user ? { user } : {}),
    ...(newCredentials ? { auth: authInput(v) } : {}),
    ...(v.jump !== (current.jump ?? '') ? { jump: v.jump === '' ? null : v.jump } : {}),
    ...(v.sudo !== current.sudo ? { sudo: v.sudo } : {}),
    ...(timeoutSeconds !== current.timeoutSeconds ? { timeoutSeconds } : {}),
  };
}

/** What is wrong with the form, by field, before sending (same rules as the core). */
export function validateServerForm(v: ServerFormValues, current?: ServerView): FieldErrors {
  const errors =
    current === undefined
      ? checkInput('server.add', toAddInput(v), serverFieldAliases)
      : checkInput('server.update', toUpdateInput(v, current), serverFieldAliases);
  if (v.login === 'key' && !v.privateKey && (current === undefined || current.auth.kind !== 'key'))
    errors.privateKey = 'Choose the private key file.';
  if (v.login === 'password' && !v.password && (current === undefined || current.auth.kind !== 'password'))
    errors.password = 'Enter the password.';
  if (v.jump && v.jump === v.name.trim()) errors.jump = 'A server cannot jump through itself.';
  return errors;
}

/** A key file that is not a private key is a mistake worth catching before it is stored. */
export function keyFileProblem(text: string): string | undefined {
  if (text.length > 64 * 1024) return 'This file is too large to be an SSH private key.';
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text) && !text.startsWith('PuTTY-User-Key-File-'))
    return 'This file is not a private key (it has no "BEGIN … PRIVATE KEY" line). Choose the private key, not the .pub file.';
  return undefined;
}
