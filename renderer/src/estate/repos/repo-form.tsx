// Add a repository (a local folder, or an S3-compatible bucket prefix), or change one. There is
// no repo.update in the contract: changing = removing it and adding it again, which the form says.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { RepoView } from '../../../../core/api/contract';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { InfoIcon } from '../../components/icons';
import { errorToFields, hasErrors, type FieldErrors } from '../../forms/field-errors';
import { callWithVault } from '../../store/call-with-vault';
import {
  emptyRepoForm,
  formFromRepo,
  repoErrorRules,
  repoFieldAliases,
  toRepoAddInput,
  validateRepoForm,
  type RepoFormValues,
} from './repo-form-model';

interface Props {
  /** A repository to change (repo.update: same name, new settings), or undefined to add one. */
  replacing: RepoView | undefined;
  onSaved: (name: string) => void;
  onCancel: () => void;
}

function RepoFormBody({ replacing, onSaved, onCancel }: Props) {
  const [v, setValues] = useState<RepoFormValues>(() =>
    replacing ? formFromRepo(replacing) : emptyRepoForm,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof RepoFormValues>(key: K, value: RepoFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => {
      if (!prev[key]) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const problems = validateRepoForm(v);
    setErrors(problems);
    if (hasErrors(problems)) return;
    setBusy(true);
    try {
      const { repository } = await callWithVault(replacing ? 'repo.update' : 'repo.add', toRepoAddInput(v));
      onSaved(repository.name);
    } catch (err) {
      const apiError = asApiError(err);
      const fields = errorToFields(apiError, repoErrorRules, repoFieldAliases);
      if (fields) setErrors(fields);
      else setFormError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: keyof RepoFormValues) => ({
    value: v[key] as string,
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.value as never),
    error: errors[key],
    autoComplete: 'off',
    spellCheck: false,
  });

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        {replacing && (
          <Alert variant="light" color="blue" icon={<InfoIcon size={18} />}>
            {`Saving gives ${replacing.name} these settings; its systems and restore points keep it, and the data in the old location is not touched. Secrets must be entered again. The repository passphrase kept stays, unless you give one below.`}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="Lowercase letters, digits, “.”, “_” or “-”, e.g. offsite-s3."
          required
          disabled={replacing !== undefined}
          data-autofocus={replacing ? undefined : true}
          {...text('name')}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="repo-kind-label">
            Where
          </Text>
          <SegmentedControl
            aria-labelledby="repo-kind-label"
            value={v.kind}
            onChange={(value) => set('kind', value as RepoFormValues['kind'])}
            data={[
              { value: 'local', label: 'Local folder' },
              { value: 's3', label: 'S3-compatible bucket' },
            ]}
            w="fit-content"
          />
        </Stack>
        {v.kind === 'local' ? (
          <TextInput
            label="Folder"
            description="An absolute path on this computer: a USB disk, a NAS mount. It must exist (a missing folder usually means an unmounted disk)."
            placeholder="/media/backup/lifeboat"
            required
            data-autofocus={replacing ? true : undefined}
            {...text('path')}
          />
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Endpoint"
                description="Leave empty for AWS; e.g. https://minio.example.com"
                data-autofocus={replacing ? true : undefined}
                {...text('endpoint')}
              />
              <TextInput label="Region" description="us-east-1 when unsure" {...text('region')} />
              <TextInput label="Bucket" required {...text('bucket')} />
              <TextInput
                label="Prefix"
                description="A folder inside the bucket; may be empty."
                {...text('prefix')}
              />
            </SimpleGrid>
            <Checkbox
              label="Path-style addressing"
              description="Most on-site stores (MinIO, Ceph) need it: endpoint/bucket instead of bucket.endpoint."
              checked={v.pathStyle}
              onChange={(e) => set('pathStyle', e.currentTarget.checked)}
            />
            <Stack gap={6}>
              <Text size="sm" fw={500} id="repo-cred-label">
                Credentials
              </Text>
              <SegmentedControl
                aria-labelledby="repo-cred-label"
                value={v.credentials}
                onChange={(value) => set('credentials', value as RepoFormValues['credentials'])}
                data={[
                  { value: 'keys', label: 'Access keys' },
                  { value: 'profile', label: 'AWS profile' },
                ]}
                w="fit-content"
              />
            </Stack>
            {v.credentials === 'keys' ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label="Access key ID" required {...text('accessKeyId')} />
                <PasswordInput
                  label="Secret access key"
                  description="Stored encrypted in the vault."
                  required
                  {...text('secretAccessKey')}
                />
                <PasswordInput
                  label="Session token"
                  description="Only for temporary credentials."
                  {...text('sessionToken')}
                />
              </SimpleGrid>
            ) : (
              <TextInput
                label="Profile"
                description="A profile in ~/.aws/credentials or ~/.aws/config on this computer, read when used."
                required
                {...text('profile')}
              />
            )}
          </>
        )}
        <PasswordInput
          label="Existing repository passphrase"
          description="Only to connect to a repository that already exists there (made by another Lifeboat, or before). Leave empty for a new location, then use “Create repository here”."
          {...text('passphrase')}
        />
        {formError && (
          <ErrorAlert
            title={replacing ? `Could not change ${replacing.name}` : 'Could not add the repository'}
            error={formError}
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {replacing ? 'Save changes' : 'Add repository'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function RepoFormDialog(props: Props & { opened: boolean }) {
  const { opened, ...rest } = props;
  return (
    <Modal
      opened={opened}
      onClose={rest.onCancel}
      title={rest.replacing ? `Change repository ${rest.replacing.name}` : 'Add a repository'}
      size="lg"
    >
      {opened && <RepoFormBody key={rest.replacing?.name ?? 'new'} {...rest} />}
    </Modal>
  );
}
