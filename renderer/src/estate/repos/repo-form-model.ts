// The repository form's values and how they become `repo.add` input, checked with the
// contract's schema before anything is sent.
import type { MethodInput, RepoLocationInput, RepoView } from '../../../../core/api/contract';
import { checkInput, type FieldErrors } from '../../forms/field-errors';

export interface RepoFormValues {
  name: string;
  kind: 'local' | 's3';
  path: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  credentials: 'keys' | 'profile';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  profile: string;
  /** The passphrase of a repository that already exists in the location (connects to it). */
  passphrase: string;
}

export const emptyRepoForm: RepoFormValues = {
  name: '',
  kind: 'local',
  path: '',
  endpoint: '',
  region: 'us-east-1',
  bucket: '',
  prefix: '',
  pathStyle: false,
  credentials: 'keys',
  accessKeyId: '',
  secretAccessKey: '',
  sessionToken: '',
  profile: '',
  passphrase: '',
};

/** The form for changing a repository: everything but its secrets, which must be given again. */
export function formFromRepo(r: RepoView): RepoFormValues {
  const l = r.location;
  if (l.kind === 'local') return { ...emptyRepoForm, name: r.name, kind: 'local', path: l.path };
  return {
    ...emptyRepoForm,
    name: r.name,
    kind: 's3',
    endpoint: l.endpoint ?? '',
    region: l.region,
    bucket: l.bucket,
    prefix: l.prefix,
    pathStyle: l.pathStyle,
    credentials: l.credentials.kind,
    accessKeyId: l.credentials.kind === 'keys' ? l.credentials.accessKeyId : '',
    profile: l.credentials.kind === 'profile' ? l.credentials.profile : '',
  };
}

function location(v: RepoFormValues): RepoLocationInput {
  if (v.kind === 'local') return { kind: 'local', path: v.path.trim() };
  return {
    kind: 's3',
    ...(v.endpoint.trim() ? { endpoint: v.endpoint.trim() } : {}),
    region: v.region.trim() || 'us-east-1',
    bucket: v.bucket.trim(),
    prefix: v.prefix.trim().replace(/^\/+/, ''),
    pathStyle: v.pathStyle,
    credentials:
      v.credentials === 'profile'
        ? { kind: 'profile', profile: v.profile.trim() }
        : {
            kind: 'keys',
            accessKeyId: v.accessKeyId.trim(),
            secretAccessKey: v.secretAccessKey,
            ...(v.sessionToken ? { sessionToken: v.sessionToken } : {}),
          },
  };
}

export function toRepoAddInput(v: RepoFormValues): MethodInput<'repo.add'> {
  return {
    name: v.name.trim(),
    location: location(v),
    ...(v.passphrase ? { passphrase: v.passphrase } : {}),
  };
}

export const repoFieldAliases: Record<string, string> = {
  'location.path': 'path',
  'location.endpoint': 'endpoint',
  'location.region': 'region',
  'location.bucket': 'bucket',
  'location.prefix': 'prefix',
  'location.credentials.accessKeyId': 'accessKeyId',
  'location.credentials.secretAccessKey': 'secretAccessKey',
  'location.credentials.sessionToken': 'sessionToken',
  'location.credentials.profile': 'profile',
};

export const repoErrorRules = [
  { field: 'passphrase', when: /^repo\.(wrong_passphrase|not_initialized)$/ },
  { field: 'name', when: /already exists/ },
  { field: 'bucket', when: /bucket/i },
  { field: 'path', when: /folder|directory|path/i },
  { field: 'profile', when: /profile/i },
  { field: 'endpoint', when: /endpoint/i },
];

export function validateRepoForm(v: RepoFormValues): FieldErrors {
  return checkInput('repo.add', toRepoAddInput(v), repoFieldAliases);
}
