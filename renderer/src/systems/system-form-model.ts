// The system form's values and how they become `system.add` / `system.update` input, checked
// with the contract's schema before anything is sent.
import type { criticalities, MethodInput, SystemView } from '../../../core/api/contract';
import { checkInput, type FieldErrors } from '../forms/field-errors';
import { objectiveText } from './objective-text';

export type Criticality = (typeof criticalities)[number];

export interface SystemFormValues {
  name: string;
  description: string;
  ownerTeam: string;
  ownerContact: string;
  criticality: Criticality;
  rpo: string;
  rto: string;
  drillEvery: string;
  repository: string;
  scopes: string[];
}

export function emptySystemForm(repository = ''): SystemFormValues {
  return {
    name: '',
    description: '',
    ownerTeam: '',
    ownerContact: '',
    criticality: 'medium',
    rpo: '',
    rto: '',
    drillEvery: '',
    repository,
    scopes: [],
  };
}

export function formFromSystem(s: SystemView): SystemFormValues {
  return {
    name: s.name,
    description: s.description ?? '',
    ownerTeam: s.owner.team,
    ownerContact: s.owner.contact ?? '',
    criticality: s.criticality,
    rpo: objectiveText(s.rpo),
    rto: objectiveText(s.rto),
    drillEvery: s.drillEvery ? objectiveText(s.drillEvery) : '',
    repository: s.repository,
    scopes: s.scopes.map((scope) => scope.text),
  };
}

export function toSystemInput(v: SystemFormValues): MethodInput<'system.add'> {
  const opt = (s: string) => s.trim() || undefined;
  const description = opt(v.description);
  const ownerContact = opt(v.ownerContact);
  const drillEvery = opt(v.drillEvery);
  return {
    name: v.name.trim(),
    ownerTeam: v.ownerTeam.trim(),
    ...(ownerContact ? { ownerContact } : {}),
    criticality: v.criticality,
    rpo: v.rpo.trim(),
    rto: v.rto.trim(),
    ...(drillEvery ? { drillEvery } : {}),
    repository: v.repository,
    scopes: v.scopes,
    ...(description ? { description } : {}),
  };
}

export const systemErrorRules = [
  { field: 'name', when: /already exists/ },
  { field: 'repository', when: /repository/i },
  { field: 'scopes', when: /scope/i },
  { field: 'rpo', when: /^RPO/ },
  { field: 'rto', when: /^RTO/ },
  { field: 'drillEvery', when: /drill interval/ },
];

export function validateSystemForm(v: SystemFormValues): FieldErrors {
  const errors = checkInput('system.add', toSystemInput(v));
  if (!v.repository) errors.repository = 'Choose the repository that keeps its restore points.';
  return errors;
}
