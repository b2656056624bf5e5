// Kubernetes restore points through the API (README.md).
export {
  backupKubeScope,
  type KubeBackupInput,
  type KubeBackupContext,
  type KubeBackupResult,
} from './kube-backup';
export { skippedResources } from './skip-list';
export { serverSetFields } from './clean/server-fields';
export { itemActions } from './clean/actions';
