// Kubernetes connections: kubeconfig import (inspect, extract one context) and the cluster test.

export { testCluster } from './cluster-test';
export { extractContext } from './extract-context';
export { inspectKubeconfig } from './inspect';
export { kubeConfigFrom } from './kube-config';
