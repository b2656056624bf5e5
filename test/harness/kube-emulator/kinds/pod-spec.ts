// PodSpec defaults and validation, shared by Pods and every pod template (workloads, jobs).

import { child, isRec, recList, setDefault, type Rec } from '../json';
import type { FieldError } from '../status';
import { isDnsLabel, required } from '../validation';

function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Rec): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', imagePullPolicy(c.image));
  setDefault(c, 'resources', {});
  for (const p of recList(c.ports)) setDefault(p, 'protocol', 'TCP');
  for (const e of recList(c.env)) {
    const fieldRef = isRec(e.valueFrom) && isRec(e.valueFrom.fieldRef) ? e.valueFrom.fieldRef : undefined;
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
}

const DEFAULT_MODE = 420; // 0644

/** SetDefaults_PodSpec and friends, for the fields restore logic usually meets. */
export function defaultPodSpec(spec: Rec): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const c of [...recList(spec.containers), ...recList(spec.initContainers)]) defaultContainer(c);
  for (const v of recList(spec.volumes)) {
    if (isRec(v.secret)) setDefault(v.secret, 'defaultMode', DEFAULT_MODE);
    if (isRec(v.configMap)) setDefault(v.configMap, 'defaultMode', DEFAULT_MODE);
    if (isRec(v.projected)) setDefault(v.projected, 'defaultMode', DEFAULT_MODE);
    if (isRec(v.hostPath)) setDefault(v.hostPath, 'type', '');
  }
}

/** Pod template defaults: the PodSpec defaults under template.spec. */
export function defaultPodTemplate(template: unknown): void {
  if (!isRec(template)) return;
  defaultPodSpec(child(template, 'spec'));
}

export function validatePodSpec(
  spec: unknown,
  path: string,
  allowedRestartPolicies = ['Always', 'OnFailure', 'Never'],
): FieldError[] {
  if (!isRec(spec)) return required(path, undefined);
  const errors: FieldError[] = [];
  const containers = recList(spec.containers);
  errors.push(...required(`${path}.containers`, containers));
  const seen = new Set<string>();
  const check = (list: Rec[], listPath: string) =>
    list.forEach((c, i) => {
      const name = typeof c.name === 'string' ? c.name : '';
      if (!name) errors.push({ type: 'Required', field: `${listPath}[${i}].name` });
      else if (!isDnsLabel(name)) {
        errors.push({
          type: 'Invalid',
          field: `${listPath}[${i}].name`,
          value: name,
          detail:
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        });
      } else if (seen.has(name))
        errors.push({ type: 'Duplicate', field: `${listPath}[${i}].name`, value: name });
      seen.add(name);
      errors.push(...required(`${listPath}[${i}].image`, c.image));
    });
  check(containers, `${path}.containers`);
  check(recList(spec.initContainers), `${path}.initContainers`);
  const policy = spec.restartPolicy;
  if (typeof policy === 'string' && !allowedRestartPolicies.includes(policy)) {
    errors.push({
      type: 'NotSupported',
      field: `${path}.restartPolicy`,
      value: policy,
      detail: `supported values: ${allowedRestartPolicies.map((p) => JSON.stringify(p)).join(', ')}`,
    });
  }
  const volumeNames = new Set<string>();
  recList(spec.volumes).forEach((v, i) => {
    const name = typeof v.name === 'string' ? v.name : '';
    if (!name) errors.push({ type: 'Required', field: `${path}.volumes[${i}].name` });
    else if (volumeNames.has(name))
      errors.push({ type: 'Duplicate', field: `${path}.volumes[${i}].name`, value: name });
    volumeNames.add(name);
  });
  return errors;
}

export function validatePodTemplate(
  template: unknown,
  path: string,
  allowedRestartPolicies?: string[],
): FieldError[] {
  if (!isRec(template)) return [{ type: 'Required', field: path }];
  return validatePodSpec(template.spec, `${path}.spec`, allowedRestartPolicies);
}
