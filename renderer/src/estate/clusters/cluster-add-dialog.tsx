// Adding clusters: a kubeconfig (file or pasted) → cluster.inspectKubeconfig → choose contexts
// and names → cluster.add for each. The kubeconfig text stays in this dialog only.
import { Modal } from '@mantine/core';
import { useState } from 'react';
import type { ClusterView, MethodResult } from '../../../../core/api/contract';
import { asApiError } from '../../api/client';
import { getClient } from '../../api/current-client';
import { ContextPicker } from './context-picker';
import { KubeconfigSource } from './kubeconfig-source';

type Inspected = MethodResult<'cluster.inspectKubeconfig'> & { kubeconfig: string };

function ClusterAddBody({
  existing,
  onAdded,
  onCancel,
}: {
  existing: readonly ClusterView[];
  onAdded: (names: string[]) => void;
  onCancel: () => void;
}) {
  const [inspected, setInspected] = useState<Inspected | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function read(kubeconfig: string) {
    setBusy(true);
    setError(undefined);
    try {
      const result = await getClient().call('cluster.inspectKubeconfig', { kubeconfig });
      if (result.contexts.length === 0) setError('This kubeconfig has no contexts.');
      else setInspected({ ...result, kubeconfig });
    } catch (e) {
      const apiError = asApiError(e);
      setError(`${apiError.message} (${apiError.code})`);
    } finally {
      setBusy(false);
    }
  }

  if (!inspected)
    return <KubeconfigSource busy={busy} error={error} onRead={(k) => void read(k)} onCancel={onCancel} />;
  return (
    <ContextPicker
      kubeconfig={inspected.kubeconfig}
      contexts={inspected.contexts}
      currentContext={inspected.currentContext}
      existing={existing}
      onBack={() => setInspected(undefined)}
      onAdded={onAdded}
    />
  );
}

export function ClusterAddDialog({
  opened,
  existing,
  onAdded,
  onCancel,
}: {
  opened: boolean;
  existing: readonly ClusterView[];
  onAdded: (names: string[]) => void;
  onCancel: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title="Add clusters from a kubeconfig" size="xl">
      {opened && <ClusterAddBody existing={existing} onAdded={onAdded} onCancel={onCancel} />}
    </Modal>
  );
}
