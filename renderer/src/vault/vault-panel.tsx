// Settings → General: the vault's state, how it is protected, and lock / unlock.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../components/error-alert';
import { StatusText } from '../components/status-text';
import { useAppStore } from '../store';

const protectionText = { passphrase: 'a passphrase', 'os-keychain': "the operating system's keychain" };

export function VaultPanel() {
  const vault = useAppStore((s) => s.vault);
  const state = useAppStore((s) => s.vaultState);
  const requestVault = useAppStore((s) => s.requestVault);
  const lockVault = useAppStore((s) => s.lockVault);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="vault-heading">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h4" id="vault-heading">
          Vault
        </Title>
        {state.status === 'error' && (
          <ErrorAlert title="Could not read the vault's state" error={state.error} />
        )}
        {vault && (
          <>
            <StatusText tone={!vault.initialized ? 'info' : vault.unlocked ? 'ok' : 'warning'}>
              {!vault.initialized ? 'Not created yet' : vault.unlocked ? 'Unlocked' : 'Locked'}
            </StatusText>
            <Text size="sm" c="dimmed">
              {vault.initialized
                ? `Credentials are encrypted on this computer, protected by ${vault.protections.map((p) => protectionText[p]).join(' and ')}.`
                : 'Credentials are kept encrypted with a key made from a passphrase you choose.'}
            </Text>
            <Group gap="sm">
              {!vault.unlocked && (
                <Button size="sm" onClick={() => void requestVault()}>
                  {vault.initialized ? 'Unlock' : 'Create a vault passphrase'}
                </Button>
              )}
              {vault.unlocked && (
                <Button size="sm" variant="default" onClick={() => void lockVault()}>
                  Lock the vault
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
