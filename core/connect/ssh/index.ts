// Connecting to servers over SSH, agentless: host key verification, auth, exec, server test.

export type {
  ExecOptions,
  ExecResult,
  HostKeyInfo,
  ServerTestReport,
  SshAuth,
  SshSession,
  SshTarget,
  ToolName,
  ToolReport,
} from './target';
export { describeTarget } from './target';
export { connectSsh, probeHostKey } from './connect';
export { testServer } from './test-server';
export { shQuote, shScript } from './quote';
export { channelEnded } from './exec';
export { fingerprintOf } from './host-key';
