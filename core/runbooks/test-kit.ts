// For the runbook tests: a Lifeboat in a temp folder with a small estate — three systems whose
// first scopes are one of each kind — imported from an estate file (no connections needed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLifeboat, type Lifeboat } from '../api/lifeboat';

export const testEstate = `apiVersion: lifeboat.io/v1
kind: Estate
servers:
  - { name: web-1, host: 127.0.0.1, user: deploy, auth: agent }
clusters:
  - { name: prod, context: prod, server: https://127.0.0.1:6443, user: oncall, authKind: none }
repositories:
  - { name: usb, location: { kind: local, path: /media/usb/lifeboat } }
systems:
  - name: billing
    ownerTeam: payments
    ownerContact: '#payments-oncall'
    rpo: 24h
    rto: 1h
    repository: usb
    scopes: [server:web-1:/etc/nginx, cluster:prod:namespace/billing]
  - name: shop
    ownerTeam: storefront
    rpo: 24h
    rto: 1h
    repository: usb
    scopes: [cluster:prod:namespace/shop]
  - name: api
    ownerTeam: platform
    rpo: 24h
    rto: 1h
    repository: usb
    scopes: [cluster:prod:namespace/shop/Deployment/api]
`;

export async function lifeboatWithEstate(): Promise<Lifeboat> {
  const lifeboat = createLifeboat({
    dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-runbooks-')),
    mode: 'cli',
  });
  await lifeboat.call('estate.import', { content: testEstate });
  return lifeboat;
}

/** The error of a call that must fail, as data. */
export async function failure(lifeboat: Lifeboat, method: string, input: unknown) {
  const env = await lifeboat.dispatch(method, input);
  if (env.ok) throw new Error(`${method} succeeded, but should have failed`);
  return env.error as {
    code: string;
    message: string;
    details?: { issues?: { line: number; column: number; message: string }[] };
  };
}
