// A calm line above every page while the vault is locked or does not exist yet.
import { Alert, Button, Group, Text } from '@mantine/core';
import { LockIcon } from '../components/icons';
import { useAppStore } from '../store';

export function VaultBanner() {
  const vault = useAppStore((s) => s.vault);
  const requestVault = useAppStore((s) => s.requestVault);
  if (!vault || vault.unlocked) return null;
  const create = !vault.initialized;
  return (
    <Alert
      variant="light"
      color={create ? 'blue' : 'gray'}
      icon={<LockIcon size={20} />}
      mb="lg"
      data-testid="vault-banner"
      aria-label={create ? 'No vault yet' : 'Vault locked'}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" maw={720}>
          {create
            ? 'There is no vault yet. Create a passphrase before adding servers, clusters or repositories: their credentials are kept encrypted with it.'
            : 'The vault is locked. Lists still show, but adding, testing or using anything with credentials asks for the passphrase.'}
        </Text>
        <Button size="xs" variant="default" onClick={() => void requestVault()}>
          {create ? 'Create a vault passphrase' : 'Unlock'}
        </Button>
      </Group>
    </Alert>
  );
}
