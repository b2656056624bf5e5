// The estate UI's pure parts: scope text, form checks with the contract's schemas, what a
// server edit sends, suggested names, objective text, routes to Settings tabs, and the vault
// retry (a call that meets a locked vault asks once, then runs again).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, ServerView } from '../../core/api/contract';
import { ClientError, type Client } from '../../renderer/src/api/client';
import { setClient } from '../../renderer/src/api/current-client';
import { suggestClusterName } from '../../renderer/src/estate/clusters/cluster-name';
import { hostKeyPrompt } from '../../renderer/src/estate/servers/host-key-prompt';
import {
  emptyServerForm,
  formFromServer,
  keyFileProblem,
  toUpdateInput,
  validateServerForm,
} from '../../renderer/src/estate/servers/server-form-model';
import { errorToFields } from '../../renderer/src/forms/field-errors';
import { routeFromHash } from '../../renderer/src/routes';
import { resetStores, useAppStore } from '../../renderer/src/store';
import { callWithVault } from '../../renderer/src/store/call-with-vault';
import { kindsChangedBy } from '../../renderer/src/store/estate-slice';
import { objectiveText } from '../../renderer/src/systems/objective-text';
import { buildScope, describeScope, emptyScopeDraft } from '../../renderer/src/systems/scope-text';
import { validateSystemForm, emptySystemForm } from '../../renderer/src/systems/system-form-model';

const server: ServerView = {
  name: 'web-1',
  host: 'web-1.internal',
  port: 22,
  user: 'backup',
  auth: { kind: 'key', secrets: { privateKey: 'set', passphrase: 'not set' } },
  sudo: false,
  timeoutSeconds: 15,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('scope text', () => {
  it('builds the three kinds, normalising paths', () => {
    const d = { ...emptyScopeDraft, target: 'web-1', path: '/etc//nginx/' };
    expect(buildScope(d)).toEqual({ ok: true, text: 'server:web-1:/etc/nginx' });
    expect(buildScope({ ...d, kind: 'cluster-namespace', target: 'prod', namespace: 'billing' })).toEqual({
      ok: true,
      text: 'cluster:prod:namespace/billing',
    });
    expect(
      buildScope({
        ...d,
        kind: 'cluster-resource',
        target: 'prod',
        namespace: 'billing',
        resourceKind: 'Deployment',
        resourceName: 'api',
      }),
    ).toEqual({ ok: true, text: 'cluster:prod:namespace/billing/Deployment/api' });
  });
  it('refuses what the core would refuse, by field', () => {
    expect(buildScope({ ...emptyScopeDraft, path: 'etc' })).toMatchObject({
      ok: false,
      errors: { target: 'Choose a server.', path: 'Use an absolute path, starting with /.' },
    });
    expect(buildScope({ ...emptyScopeDraft, target: 'a', path: '/etc/../root' })).toMatchObject({
      ok: false,
    });
    expect(
      buildScope({ ...emptyScopeDraft, kind: 'cluster-namespace', target: 'prod', namespace: 'Billing' }),
    ).toMatchObject({ ok: false, errors: { namespace: expect.any(String) } });
  });
  it('describes scopes for people', () => {
    expect(describeScope('server:web-1:/etc/nginx')).toBe('server web-1: /etc/nginx');
    expect(describeScope('cluster:prod:namespace/billing')).toBe('cluster prod / namespace billing');
    expect(describeScope('cluster:prod:namespace/billing/Deployment/api')).toBe(
      'cluster prod / Deployment billing/api',
    );
  });
});

describe('server form', () => {
  it('checks with the contract: name pattern, port range, required key', () => {
    const errors = validateServerForm({
      ...emptyServerForm,
      name: 'Web 1',
      host: 'h',
      user: 'u',
      port: 70000,
    });
    expect(errors.name).toMatch(/lowercase letters/);
    expect(errors.port).toBe('Use 65535 or less.');
    expect(errors.privateKey).toBe('Choose the private key file.');
    expect(
      validateServerForm({ ...emptyServerForm, name: 'web-1', host: 'h', user: 'u', login: 'agent' }),
    ).toEqual({});
  });
  it('an edit sends only what changed, and credentials only when new ones were given', () => {
    const form = formFromServer(server);
    expect(toUpdateInput(form, server)).toEqual({ name: 'web-1' });
    expect(toUpdateInput({ ...form, port: 2222, jump: 'bastion' }, server)).toEqual({
      name: 'web-1',
      port: 2222,
      jump: 'bastion',
    });
    expect(toUpdateInput({ ...form, login: 'agent' }, server)).toEqual({
      name: 'web-1',
      auth: { kind: 'agent' },
    });
    expect(validateServerForm(form, server)).toEqual({}); // the stored key stays
  });
  it('catches a public key chosen instead of the private one', () => {
    expect(keyFileProblem('ssh-ed25519 AAAA… me@laptop')).toMatch(/not a private key/);
    expect(
      keyFileProblem('-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n'),
    ).toBe(undefined);
  });
  it('maps core errors onto fields', () => {
    const rules = [{ field: 'name', when: /already exists/ }];
    expect(
      errorToFields({ code: 'estate.exists', message: 'A server named "x" already exists.' }, rules),
    ).toEqual({
      name: 'A server named "x" already exists.',
    });
    expect(
      errorToFields(
        {
          code: 'api.invalid_input',
          message: '…',
          details: { issues: [{ path: 'auth.privateKey', message: 'too long' }] },
        },
        [],
        { 'auth.privateKey': 'privateKey' },
      ),
    ).toEqual({ privateKey: 'Too long.' });
    expect(errorToFields({ code: 'ssh.timeout', message: 'No answer.' }, rules)).toBeUndefined();
  });
});

describe('host key prompts', () => {
  it('reads the decision from the error details', () => {
    expect(
      hostKeyPrompt(
        {
          code: 'ssh.host_key_unknown',
          message: '',
          details: { server: 'web-1', fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' },
        },
        'web-1',
      ),
    ).toEqual({ kind: 'unknown', server: 'web-1', fingerprint: 'SHA256:abc', keyType: 'ssh-ed25519' });
    expect(
      hostKeyPrompt(
        {
          code: 'ssh.host_key_changed',
          message: '',
          details: { server: 'web-1', expected: 'A', presented: 'B' },
        },
        'web-1',
      ),
    ).toEqual({ kind: 'changed', server: 'web-1', expected: 'A', presented: 'B' });
    expect(hostKeyPrompt({ code: 'ssh.timeout', message: '' }, 'web-1')).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('suggests contract-valid cluster names', () => {
    expect(suggestClusterName('arn:aws:eks:eu-west-1:123:cluster/Prod_EU')).toBe('prod_eu');
    expect(suggestClusterName('kind-Lab')).toBe('kind-lab');
    expect(suggestClusterName('@@@')).toBe('cluster');
  });
  it('writes objectives as people do', () => {
    expect(objectiveText({ text: '4w2d', seconds: 30 * 86_400 })).toBe('30d');
    expect(objectiveText({ text: '1h30m', seconds: 5400 })).toBe('90m');
    expect(objectiveText({ text: '90s', seconds: 90 })).toBe('90s');
  });
  it('routes Settings tabs by address', () => {
    expect(routeFromHash('#/settings/servers')).toEqual({ page: 'settings', sub: 'servers' });
    expect(routeFromHash('#/settings')).toEqual({ page: 'settings' });
    expect(routeFromHash('#/nowhere')).toBeUndefined();
  });
  it('knows which lists a journal entry changes', () => {
    expect(kindsChangedBy('server.host_key_accepted')).toEqual(['servers']);
    expect(kindsChangedBy('repository.removed')).toEqual(['repositories']);
    expect(kindsChangedBy('estate.imported')).toHaveLength(4);
    expect(kindsChangedBy('estate.exported')).toEqual([]);
    expect(kindsChangedBy('job.started')).toEqual([]);
  });
  it('a system needs a scope and a repository', () => {
    const errors = validateSystemForm({
      ...emptySystemForm(),
      name: 'billing',
      ownerTeam: 'P',
      rpo: '1 hour',
      rto: '4h',
    });
    expect(errors.scopes).toBe('A system needs at least one scope.');
    expect(errors.repository).toMatch(/repository/);
    expect(errors.rpo).toMatch(/duration like 15m/);
  });
});

describe('callWithVault', () => {
  let calls: string[];
  let locked: boolean;
  function fakeClient(): Client {
    return {
      kind: 'http',
      async call(method: MethodName) {
        calls.push(method);
        if (method === 'vault.status')
          return { initialized: true, unlocked: !locked, protections: ['passphrase'] } as never;
        if (method === 'vault.unlock') {
          locked = false;
          return { initialized: true, unlocked: true, protections: ['passphrase'] } as never;
        }
        if (locked) throw new ClientError({ code: 'vault.locked', message: 'The vault is locked.' });
        return { report: 'ok' } as never;
      },
      subscribe: () => () => undefined,
      connection: () => 'connected',
      onConnectionChange: () => () => undefined,
      close: () => undefined,
    };
  }
  beforeEach(() => {
    resetStores();
    calls = [];
    locked = true;
    setClient(fakeClient());
  });
  afterEach(() => setClient(undefined));

  it('opens the unlock dialog, and retries once after unlocking', async () => {
    const result = callWithVault('server.test', { name: 'web-1' });
    await expect.poll(() => useAppStore.getState().vaultDialog?.mode).toBe('unlock');
    await useAppStore.getState().unlockVault('correct horse');
    await expect(result).resolves.toEqual({ report: 'ok' });
    expect(calls).toEqual(['server.test', 'vault.status', 'vault.unlock', 'server.test']);
    expect(useAppStore.getState().vaultDialog).toBeUndefined();
    expect(JSON.stringify(useAppStore.getState())).not.toContain('correct horse');
  });

  it('gives the original error back when the dialog is closed', async () => {
    const result = callWithVault('server.test', { name: 'web-1' });
    await expect.poll(() => useAppStore.getState().vaultDialog).toBeDefined();
    useAppStore.getState().closeVaultDialog(false);
    await expect(result).rejects.toMatchObject({ code: 'vault.locked' });
    expect(calls).toEqual(['server.test', 'vault.status']);
  });
});
