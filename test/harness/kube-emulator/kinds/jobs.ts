// batch/v1 Jobs and CronJobs. Jobs get a generated selector and controller-uid labels, so a Job
// restored with its old selector or labels is refused (422) exactly as a real server refuses it.

import { forResources, type KindBehaviour } from '../behaviour';
import { child, getPath, isRec, nowIso, setDefault, stringMap, type KubeObject, type Rec } from '../json';
import { matches, selectorObjectRequirements } from '../selectors';
import type { FieldError } from '../status';
import { immutable, required } from '../validation';
import { defaultPodTemplate, validatePodTemplate } from './pod-spec';

const UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];
const NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];
const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];

function manualSelector(s: Rec): boolean {
  return s.manualSelector === true;
}

/** The strategy's generateSelector: labels on the template, controller-uid in the selector. */
function generateSelector(obj: KubeObject): void {
  const s = child(obj, 'spec');
  const template = child(s, 'template');
  const labels = { ...stringMap(getPath(template, ['metadata', 'labels'])) };
  for (const key of NAME_LABELS) labels[key] ??= obj.metadata.name ?? '';
  for (const key of UID_LABELS) labels[key] ??= obj.metadata.uid ?? '';
  child(template, 'metadata').labels = labels;
  const selector = child(s, 'selector');
  const matchLabels = { ...stringMap(selector.matchLabels) };
  matchLabels['batch.kubernetes.io/controller-uid'] ??= obj.metadata.uid ?? '';
  selector.matchLabels = matchLabels;
}

/** ValidateGeneratedSelector. */
function validateGeneratedSelector(obj: KubeObject): FieldError[] {
  const s = child(obj, 'spec');
  if (manualSelector(s) || !isRec(s.selector)) return [];
  const errors: FieldError[] = [];
  const labels = stringMap(getPath(s, ['template', 'metadata', 'labels']));
  const expected: Record<string, string> = {};
  for (const key of UID_LABELS) expected[key] = obj.metadata.uid ?? '';
  for (const key of NAME_LABELS) expected[key] = obj.metadata.name ?? '';
  for (const [key, want] of Object.entries(expected)) {
    const field = `spec.template.metadata.labels[${key}]`;
    if (labels[key] === undefined) errors.push({ type: 'Required', field, detail: `must be '${want}'` });
    else if (labels[key] !== want)
      errors.push({ type: 'Invalid', field, value: labels[key], detail: `must be '${want}'` });
  }
  if (!matches(selectorObjectRequirements(s.selector), expected)) {
    errors.push({
      type: 'Invalid',
      field: 'spec.selector',
      value: s.selector,
      detail: '`selector` not auto-generated',
    });
  }
  return errors;
}

function validateJobSpec(s: Rec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRec(s.selector)) errors.push({ type: 'Required', field: `${path}.selector` });
  else {
    const labels = stringMap(getPath(s, ['template', 'metadata', 'labels']));
    if (!matches(selectorObjectRequirements(s.selector), labels)) {
      errors.push({
        type: 'Invalid',
        field: `${path}.template.metadata.labels`,
        value: labels,
        detail: '`selector` does not match template `labels`',
      });
    }
  }
  errors.push(...validatePodTemplate(s.template, `${path}.template`, JOB_RESTART_POLICIES));
  return errors;
}

function defaultJobSpec(s: Rec): void {
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  setDefault(s, 'parallelism', 1);
  setDefault(s, 'backoffLimit', 6);
  setDefault(s, 'completionMode', 'NonIndexed');
  setDefault(s, 'suspend', false);
  setDefault(s, 'podReplacementPolicy', 'TerminatingOrFailed');
  defaultPodTemplate(s.template);
}

export const jobBehaviour: KindBehaviour = {
  appliesTo: forResources('batch/jobs'),
  defaults(obj) {
    defaultJobSpec(child(obj, 'spec'));
  },
  prepareCreate(obj) {
    if (!manualSelector(child(obj, 'spec'))) generateSelector(obj);
  },
  validate(obj) {
    return [...validateGeneratedSelector(obj), ...validateJobSpec(child(obj, 'spec'), 'spec')];
  },
  validateUpdate(obj, old) {
    const at = (o: KubeObject, key: string) => getPath(o, ['spec', key]);
    return [
      ...immutable('spec.completions', at(obj, 'completions'), at(old, 'completions')),
      ...immutable('spec.selector', at(obj, 'selector'), at(old, 'selector')),
      ...immutable('spec.template', at(obj, 'template'), at(old, 'template')),
      ...immutable('spec.completionMode', at(obj, 'completionMode'), at(old, 'completionMode')),
    ];
  },
  status(obj) {
    const s = child(obj, 'spec');
    const previous = isRec(obj.status) ? obj.status : {};
    if (getPath(previous, ['completionTime'])) return; // finished jobs stay finished
    const now = nowIso();
    if (s.suspend === true) {
      obj.status = {
        conditions: [
          {
            type: 'Suspended',
            status: 'True',
            reason: 'JobSuspended',
            message: 'Job suspended',
            lastProbeTime: now,
            lastTransitionTime: now,
          },
        ],
      };
      return;
    }
    const done = (type: string, reason: string, message: string) => ({
      type,
      status: 'True',
      reason,
      message,
      lastProbeTime: now,
      lastTransitionTime: now,
    });
    obj.status = {
      startTime: now,
      completionTime: now,
      succeeded: typeof s.completions === 'number' ? s.completions : 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        done('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        done('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
      ],
    };
  },
};

export const cronJobBehaviour: KindBehaviour = {
  appliesTo: forResources('batch/cronjobs'),
  defaults(obj) {
    const s = child(obj, 'spec');
    setDefault(s, 'concurrencyPolicy', 'Allow');
    setDefault(s, 'suspend', false);
    setDefault(s, 'successfulJobsHistoryLimit', 3);
    setDefault(s, 'failedJobsHistoryLimit', 1);
    defaultJobSpec(child(child(s, 'jobTemplate'), 'spec'));
  },
  validate(obj) {
    const s = child(obj, 'spec');
    const jobSpec = child(child(s, 'jobTemplate'), 'spec');
    const errors = [...required('spec.schedule', s.schedule)];
    // A CronJob's job template has no selector: it is generated per Job.
    errors.push(
      ...validatePodTemplate(jobSpec.template, 'spec.jobTemplate.spec.template', JOB_RESTART_POLICIES),
    );
    return errors;
  },
  validateCreate(obj) {
    const name = obj.metadata.name ?? '';
    return name.length > 52
      ? [
          {
            type: 'Invalid',
            field: 'metadata.name',
            value: name,
            detail: 'must be no more than 52 characters',
          },
        ]
      : [];
  },
  status(obj) {
    if (!isRec(obj.status)) obj.status = {};
  },
};
