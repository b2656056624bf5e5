// Services: the cluster IP(s) and node ports were allocated by this cluster. A restore asking
// for the same IP fails where it is taken (and a clusterIP can never change on an existing
// Service), so they go — except headless Services ("None" is a choice, not an allocation), and
// node ports / health-check node port that the last-applied configuration asked for explicitly
// (as Velero's service action does).
import { isRec, recAt, type ItemAction } from './item';
import { lastApplied } from './last-applied';

function explicitNodePorts(applied: ReturnType<typeof lastApplied>): Set<unknown> {
  const ports = recAt(applied ?? {}, ['spec'])?.ports;
  return new Set(Array.isArray(ports) ? ports.filter(isRec).map((p) => p.nodePort) : []);
}

export const serviceAction: ItemAction = {
  name: 'service-allocations',
  appliesTo: ['services'],
  execute(item) {
    const spec = recAt(item, ['spec']);
    if (!spec) return { item };
    if (spec.clusterIP !== 'None') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    const applied = lastApplied(item);
    const explicit = explicitNodePorts(applied);
    if (Array.isArray(spec.ports)) {
      for (const p of spec.ports)
        if (isRec(p) && p.nodePort !== undefined && !explicit.has(p.nodePort)) delete p.nodePort;
    }
    if (recAt(applied ?? {}, ['spec'])?.healthCheckNodePort === undefined) delete spec.healthCheckNodePort;
    return { item };
  },
};
