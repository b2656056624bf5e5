// Add or edit a server: address, login (key file, agent or password), jump host, sudo, timeout.
// Checked inline with the contract's rules before sending; the core's errors land on the field
// they name. The key file is read in the browser and sent once; the form forgets it on close.
import {
  Button,
  Checkbox,
  FileInput,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ServerView } from '../../../../core/api/contract';
import type { ApiError } from '../../../../core/api/errors';
import { asApiError } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { KeyIcon } from '../../components/icons';
import { errorToFields, hasErrors, type FieldErrors } from '../../forms/field-errors';
import { callWithVault } from '../../store/call-with-vault';
import {
  emptyServerForm,
  formFromServer,
  keyFileProblem,
  serverErrorRules,
  serverFieldAliases,
  toAddInput,
  toUpdateInput,
  validateServerForm,
  type LoginKind,
  type ServerFormValues,
} from './server-form-model';

const loginOptions: { value: LoginKind; label: string }[] = [
  { value: 'key', label: 'Key file' },
  { value: 'agent', label: 'SSH agent' },
  { value: 'password', label: 'Password' },
];

interface Props {
  /** undefined: add a new server. */
  editing: ServerView | undefined;
  servers: readonly ServerView[];
  onSaved: (server: ServerView, added: boolean) => void;
  onCancel: () => void;
}

function ServerFormBody({ editing, servers, onSaved, onCancel }: Props) {
  const [v, setValues] = useState<ServerFormValues>(() =>
    editing ? formFromServer(editing) : emptyServerForm,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [keyFile, setKeyFile] = useState<File | null>(null);

  const set = <K extends keyof ServerFormValues>(key: K, value: ServerFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => {
      if (!prev[key]) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  };

  async function chooseKey(file: File | null) {
    setKeyFile(file);
    if (!file) {
      setValues((prev) => ({ ...prev, privateKey: '', privateKeyFile: '' }));
      return;
    }
    const text = await file.text();
    const problem = keyFileProblem(text);
    setValues((prev) => ({ ...prev, privateKey: problem ? '' : text, privateKeyFile: file.name }));
    setErrors((prev) => {
      const next = { ...prev };
      if (problem) next.privateKey = problem;
      else delete next.privateKey;
      return next;
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(undefined);
    const problems = validateServerForm(v, editing);
    if (errors.privateKey && v.login === 'key') problems.privateKey = errors.privateKey;
    setErrors(problems);
    if (hasErrors(problems)) return;
    setBusy(true);
    try {
      const { server } = editing
        ? await callWithVault('server.update', toUpdateInput(v, editing))
        : await callWithVault('server.add', toAddInput(v));
      onSaved(server, !editing);
    } catch (err) {
      const apiError = asApiError(err);
      const fields = errorToFields(apiError, serverErrorRules, serverFieldAliases);
      if (fields) setErrors(fields);
      else setFormError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const storedKey = editing?.auth.kind === 'key' && v.login === 'key';
  const storedPassword = editing?.auth.kind === 'password' && v.login === 'password';
  const jumpChoices = servers.filter((s) => s.name !== (editing?.name ?? v.name.trim()));
  const moved = editing && (v.host.trim() !== editing.host || Number(v.port) !== editing.port);

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={editing ? `Edit server ${editing.name}` : 'Add a server'}
    >
      <Stack gap="md">
        <TextInput
          label="Name"
          description="How Lifeboat and your scopes call it: lowercase letters, digits, “.”, “_” or “-”, e.g. web-1."
          value={v.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          disabled={editing !== undefined}
          required
          data-autofocus={editing ? undefined : true}
          autoComplete="off"
          spellCheck={false}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Host"
            description="Name or IP address"
            value={v.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            error={errors.host}
            required
            autoComplete="off"
            spellCheck={false}
            data-autofocus={editing ? true : undefined}
          />
          <NumberInput
            label="Port"
            description="1–65535"
            value={v.port}
            onChange={(value) => set('port', value)}
            error={errors.port}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            hideControls
            required
          />
          <TextInput
            label="User"
            description="The login on the server"
            value={v.user}
            onChange={(e) => set('user', e.currentTarget.value)}
            error={errors.user}
            required
            autoComplete="off"
            spellCheck={false}
          />
        </SimpleGrid>
        {moved && editing?.hostKey && (
          <Text size="sm" c="orange">
            A new address is a different host: its accepted host key is forgotten and must be accepted again.
          </Text>
        )}
        <Stack gap={6}>
          <Text size="sm" fw={500} id="login-label">
            Login
          </Text>
          <SegmentedControl
            aria-labelledby="login-label"
            value={v.login}
            onChange={(value) => set('login', value as LoginKind)}
            data={loginOptions}
            w="fit-content"
          />
        </Stack>
        {v.login === 'key' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <FileInput
              label="Private key file"
              description={
                storedKey
                  ? 'A key is stored. Choose a file only to replace it.'
                  : 'Stored encrypted in the vault.'
              }
              placeholder="Choose a file…"
              value={keyFile}
              onChange={(file) => void chooseKey(file)}
              error={errors.privateKey}
              leftSection={<KeyIcon size={16} />}
              clearable
              required={!storedKey}
            />
            <PasswordInput
              label="Key passphrase"
              description="Only if the key file is encrypted."
              value={v.keyPassphrase}
              onChange={(e) => set('keyPassphrase', e.currentTarget.value)}
              error={errors.keyPassphrase}
              autoComplete="off"
            />
          </SimpleGrid>
        )}
        {v.login === 'password' && (
          <PasswordInput
            label="Password"
            description={storedPassword ? 'A password is stored. Type one only to replace it.' : undefined}
            value={v.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
            autoComplete="off"
            required={!storedPassword}
          />
        )}
        {v.login === 'agent' && (
          <Text size="sm" c="dimmed">
            Lifeboat asks the SSH agent running on this computer (SSH_AUTH_SOCK) for the key.
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Jump host"
            description="Hop through another server (ProxyJump)."
            value={v.jump}
            onChange={(e) => set('jump', e.currentTarget.value)}
            error={errors.jump}
            data={[
              { value: '', label: 'None — connect directly' },
              ...jumpChoices.map((s) => ({ value: s.name, label: `${s.name} (${s.host})` })),
            ]}
          />
          <NumberInput
            label="Timeout (seconds)"
            description="To connect and log in: 1–300."
            value={v.timeoutSeconds}
            onChange={(value) => set('timeoutSeconds', value)}
            error={errors.timeoutSeconds}
            min={1}
            max={300}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            hideControls
          />
        </SimpleGrid>
        <Checkbox
          label="Use sudo for root-owned paths"
          description="Reads and writes go through “sudo -n” (passwordless sudo must be allowed)."
          checked={v.sudo}
          onChange={(e) => set('sudo', e.currentTarget.checked)}
        />
        {formError && <ErrorAlert title="Could not save the server" error={formError} />}
        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed">
            {editing
              ? 'Save, then Test to check the connection.'
              : 'After adding, Lifeboat tests the connection.'}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {editing ? 'Save' : 'Add server'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

export function ServerFormDialog(props: Props & { opened: boolean }) {
  const { opened, ...rest } = props;
  return (
    <Modal
      opened={opened}
      onClose={rest.onCancel}
      title={rest.editing ? `Edit server ${rest.editing.name}` : 'Add a server'}
      size="lg"
    >
      {opened && <ServerFormBody key={rest.editing?.name ?? 'new'} {...rest} />}
    </Modal>
  );
}
