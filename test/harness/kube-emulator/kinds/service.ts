// Services: defaults, ClusterIP and NodePort allocation (422 when a given one is taken or out of
// range), and the update rules (an empty clusterIP keeps the old one; a different one is refused).

import { forResources, type KindBehaviour, type WriteContext } from '../behaviour';
import { child, getPath, recList, setDefault, type KubeObject, type Rec } from '../json';
import type { FieldError } from '../status';
import {
  allocatedIPs,
  allocatedNodePorts,
  allocateIP,
  allocateNodePort,
  inServiceRange,
  isIPv4,
  NODE_PORT_MAX,
  NODE_PORT_MIN,
  SERVICE_CIDR,
} from './service-allocators';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function spec(obj: KubeObject): Rec {
  return child(obj, 'spec');
}

function needsClusterIP(s: Rec): boolean {
  return s.type !== 'ExternalName';
}

function needsNodePorts(s: Rec): boolean {
  return s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
}

function clusterIPs(s: Rec): string[] {
  return Array.isArray(s.clusterIPs) ? s.clusterIPs.filter((x): x is string => typeof x === 'string') : [];
}

function allocate(obj: KubeObject, ctx: WriteContext): void {
  const s = spec(obj);
  if (!needsClusterIP(s)) {
    delete s.clusterIP;
    delete s.clusterIPs;
  } else {
    if (!s.clusterIP && clusterIPs(s).length > 0) s.clusterIP = clusterIPs(s)[0];
    if (!s.clusterIP) s.clusterIP = allocateIP(ctx.state.store, obj);
    if (clusterIPs(s).length === 0) s.clusterIPs = [s.clusterIP];
  }
  if (needsNodePorts(s)) {
    const used = new Set(
      recList(s.ports)
        .map((p) => p.nodePort)
        .filter((p): p is number => typeof p === 'number'),
    );
    for (const p of recList(s.ports)) {
      if (typeof p.nodePort !== 'number') {
        const port = allocateNodePort(ctx.state.store, obj, used);
        p.nodePort = port;
        used.add(port);
      }
    }
  }
}

function validateAllocations(
  obj: KubeObject,
  ctx: WriteContext,
  oldIPs: string[],
  oldPorts: Set<number>,
): FieldError[] {
  const s = spec(obj);
  const errors: FieldError[] = [];
  const ip = typeof s.clusterIP === 'string' ? s.clusterIP : '';
  if (needsClusterIP(s) && ip && ip !== 'None' && !oldIPs.includes(ip)) {
    const fail = (why: string): FieldError => ({
      type: 'Invalid',
      field: 'spec.clusterIPs',
      value: clusterIPs(s),
      detail: `failed to allocate IP ${ip}: ${why}`,
    });
    if (!isIPv4(ip))
      errors.push({
        type: 'Invalid',
        field: 'spec.clusterIPs[0]',
        value: ip,
        detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      });
    else if (!inServiceRange(ip)) {
      errors.push(
        fail(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`),
      );
    } else if (allocatedIPs(ctx.state.store, obj).has(ip))
      errors.push(fail('provided IP is already allocated'));
  }
  const taken = allocatedNodePorts(ctx.state.store, obj);
  recList(s.ports).forEach((p, i) => {
    if (typeof p.nodePort !== 'number' || oldPorts.has(p.nodePort)) return;
    const field = `spec.ports[${i}].nodePort`;
    if (!needsNodePorts(s)) {
      errors.push({
        type: 'Forbidden',
        field,
        detail: `may not be used when \`type\` is '${String(s.type)}'`,
      });
    } else if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
      errors.push({
        type: 'Invalid',
        field,
        value: p.nodePort,
        detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
      });
    } else if (taken.has(p.nodePort)) {
      errors.push({
        type: 'Invalid',
        field,
        value: p.nodePort,
        detail: 'provided port is already allocated',
      });
    }
  });
  return errors;
}

export const serviceBehaviour: KindBehaviour = {
  appliesTo: forResources('/services'),
  defaults(obj) {
    const s = spec(obj);
    setDefault(s, 'type', 'ClusterIP');
    setDefault(s, 'sessionAffinity', 'None');
    for (const p of recList(s.ports)) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
    if (needsClusterIP(s)) {
      setDefault(s, 'ipFamilies', ['IPv4']);
      setDefault(s, 'ipFamilyPolicy', 'SingleStack');
      setDefault(s, 'internalTrafficPolicy', 'Cluster');
    }
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') setDefault(s, 'externalTrafficPolicy', 'Cluster');
    if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
  },
  prepareCreate(obj, ctx) {
    allocate(obj, ctx);
  },
  prepareUpdate(obj, old, ctx) {
    const s = spec(obj);
    const o = spec(old);
    if (needsClusterIP(o) && needsClusterIP(s)) {
      const sameIPs = JSON.stringify(clusterIPs(s)) === JSON.stringify(clusterIPs(o));
      if (!s.clusterIP) s.clusterIP = o.clusterIP;
      else if (s.clusterIP !== o.clusterIP && sameIPs) s.clusterIPs = [s.clusterIP];
      if (clusterIPs(s).length === 0) s.clusterIPs = clusterIPs(o);
    }
    if (needsNodePorts(s)) {
      const oldPorts = recList(o.ports);
      for (const p of recList(s.ports)) {
        const prior = oldPorts.find(
          (q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
        );
        if (typeof p.nodePort !== 'number' && typeof prior?.nodePort === 'number')
          p.nodePort = prior.nodePort;
      }
    }
    allocate(obj, ctx);
  },
  validate(obj) {
    const s = spec(obj);
    const errors: FieldError[] = [];
    if (typeof s.type !== 'string' || !TYPES.includes(s.type)) {
      errors.push({
        type: 'NotSupported',
        field: 'spec.type',
        value: s.type,
        detail: `supported values: ${TYPES.map((t) => `"${t}"`).join(', ')}`,
      });
    }
    if (s.type === 'ExternalName' && !s.externalName)
      errors.push({ type: 'Required', field: 'spec.externalName' });
    const ports = recList(s.ports);
    if (ports.length === 0 && s.type !== 'ExternalName' && s.clusterIP !== 'None')
      errors.push({ type: 'Required', field: 'spec.ports' });
    ports.forEach((p, i) => {
      if (ports.length > 1 && !p.name) errors.push({ type: 'Required', field: `spec.ports[${i}].name` });
      if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) {
        errors.push({
          type: 'Invalid',
          field: `spec.ports[${i}].port`,
          value: p.port,
          detail: 'must be between 1 and 65535, inclusive',
        });
      }
    });
    const ips = clusterIPs(s);
    if (needsClusterIP(s) && s.clusterIP && ips.length > 0 && ips[0] !== s.clusterIP) {
      errors.push({
        type: 'Invalid',
        field: 'spec.clusterIPs',
        value: ips,
        detail: 'first value must match `clusterIP`',
      });
    }
    return errors;
  },
  validateCreate(obj, ctx) {
    return validateAllocations(obj, ctx, [], new Set());
  },
  validateUpdate(obj, old, ctx) {
    const s = spec(obj);
    const o = spec(old);
    const errors: FieldError[] = [];
    const oldIPs = clusterIPs(o);
    if (needsClusterIP(o) && needsClusterIP(s) && oldIPs.length > 0) {
      const ips = clusterIPs(s);
      if (ips.length === 0)
        errors.push({
          type: 'Invalid',
          field: 'spec.clusterIPs[0]',
          value: ips,
          detail: 'primary clusterIP can not be unset',
        });
      else if (ips[0] !== oldIPs[0])
        errors.push({
          type: 'Invalid',
          field: 'spec.clusterIPs[0]',
          value: ips,
          detail: 'may not change once set',
        });
    }
    const oldPorts = new Set(
      recList(getPath(old, ['spec', 'ports']))
        .map((p) => p.nodePort)
        .filter((p): p is number => typeof p === 'number'),
    );
    return [...errors, ...validateAllocations(obj, ctx, oldIPs, oldPorts)];
  },
  status(obj) {
    if (obj.status === undefined) obj.status = { loadBalancer: {} };
  },
};
