// ClusterIP (10.96.0.0/12) and NodePort (30000-32767) allocation, derived from the stored
// Services each time, so deletes and resets free addresses without bookkeeping.

import { getPath, recList, type KubeObject } from '../json';
import type { ObjectStore } from '../store';

export const SERVICE_CIDR = '10.96.0.0/12';
const CIDR_BASE = ipToNumber('10.96.0.0');
const CIDR_SIZE = 1 << 20;
const DYNAMIC_START = ipToNumber('10.100.0.1'); // the static band below it is left to users
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

const SERVICES = { group: '', plural: 'services' };

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map((p) => Number(p));
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIPv4(s: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255)
  );
}

export function inServiceRange(ip: string): boolean {
  const n = ipToNumber(ip);
  return n > CIDR_BASE && n < CIDR_BASE + CIDR_SIZE - 1;
}

function others(store: ObjectStore, self: KubeObject): Readonly<KubeObject>[] {
  return [...store.peek(SERVICES)].filter(
    (s) => !(s.metadata.namespace === self.metadata.namespace && s.metadata.name === self.metadata.name),
  );
}

/** Cluster IPs held by other Services. */
export function allocatedIPs(store: ObjectStore, self: KubeObject): Set<string> {
  const ips = new Set<string>();
  for (const s of others(store, self)) {
    for (const ip of (getPath(s, ['spec', 'clusterIPs']) as unknown[] | undefined) ?? [])
      if (typeof ip === 'string') ips.add(ip);
    const ip = getPath(s, ['spec', 'clusterIP']);
    if (typeof ip === 'string') ips.add(ip);
  }
  return ips;
}

/** Node ports held by other Services. */
export function allocatedNodePorts(store: ObjectStore, self: KubeObject): Set<number> {
  const ports = new Set<number>();
  for (const s of others(store, self)) {
    for (const p of recList(getPath(s, ['spec', 'ports'])))
      if (typeof p.nodePort === 'number') ports.add(p.nodePort);
  }
  return ports;
}

export function allocateIP(store: ObjectStore, self: KubeObject): string {
  const taken = allocatedIPs(store, self);
  for (let n = DYNAMIC_START; n < CIDR_BASE + CIDR_SIZE - 1; n++) {
    const ip = numberToIp(n);
    if (!taken.has(ip)) return ip;
  }
  throw new Error('service IP range exhausted');
}

export function allocateNodePort(store: ObjectStore, self: KubeObject, alsoTaken: Set<number>): number {
  const taken = allocatedNodePorts(store, self);
  for (let p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) if (!taken.has(p) && !alsoTaken.has(p)) return p;
  throw new Error('node port range exhausted');
}
