// Parses kubeconfig text with the `yaml` package (for line numbers) and checks its shape: a mapping
// with `contexts`, `clusters` and `users` lists of named entries, every context naming a cluster
// (with a server URL) and a user that the file defines. Nothing here reads files or values.

import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { badKubeconfig, quotedList } from './kube-errors';

export type Rec = Record<string, unknown>;

export interface Entry {
  name: string;
  /** The entry's `cluster:` / `user:` / `context:` mapping ({} when absent). */
  body: Rec;
  /** 1-based line of the entry in the file, when known. */
  line?: number;
}

export interface ContextEntry extends Entry {
  cluster: string;
  /** The user entry's name; absent for a context without credentials. */
  user?: string;
  namespace?: string;
}

export interface Kubeconfig {
  /** In file order. */
  contexts: ContextEntry[];
  clusters: Map<string, Entry>;
  users: Map<string, Entry>;
  /** `current-context` as written (it may name a context the file does not define). */
  currentContext?: string;
}

type Section = 'clusters' | 'users' | 'contexts';
const SINGULAR: Record<Section, string> = { clusters: 'cluster', users: 'user', contexts: 'context' };

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function at(line: number | undefined): string {
  return line === undefined ? '' : ` (line ${line})`;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

/** Parses YAML; a syntax error names its line (the yaml package's own text, without the source excerpt). */
function parseYaml(text: string, label: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lines.linePos(err.pos[0]);
    throw badKubeconfig(
      `${label} is not valid YAML: line ${line}, column ${col}: ${err.message.replace(/\.$/, '')}.`,
      { line, column: col, yamlCode: err.code },
    );
  }
  return { doc, lines };
}

function lineOf(doc: Document, lines: LineCounter, path: Array<string | number>): number | undefined {
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
}

function readSection(
  root: Rec,
  section: Section,
  label: string,
  lineAt: (path: Array<string | number>) => number | undefined,
): Map<string, Entry> {
  const raw = root[section];
  const what = SINGULAR[section];
  const out = new Map<string, Entry>();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    throw badKubeconfig(
      `${label}: \`${section}\`${at(lineAt([section]))} must be a list, but it is ${describeValue(raw)}.`,
    );
  }
  raw.forEach((item: unknown, i) => {
    const line = lineAt([section, i]);
    const where = `${section} entry ${i + 1}${at(line)}`;
    if (!isRec(item)) throw badKubeconfig(`${label}: ${where} must be a mapping with a name and a ${what}.`);
    const name = item.name;
    if (typeof name !== 'string' || name === '') {
      throw badKubeconfig(`${label}: ${where} has no name (a non-empty string).`);
    }
    const body = item[what];
    if (body !== undefined && body !== null && !isRec(body)) {
      throw badKubeconfig(`${label}: ${what} "${name}"${at(line)}: \`${what}\` must be a mapping.`);
    }
    const prev = out.get(name);
    if (prev) {
      throw badKubeconfig(
        `${label} defines ${what} "${name}" twice${prev.line && line ? ` (lines ${prev.line} and ${line})` : ''}; rename or remove one.`,
      );
    }
    out.set(name, { name, body: isRec(body) ? body : {}, ...(line ? { line } : {}) });
  });
  return out;
}

function checkServer(cluster: Entry, label: string): void {
  const server = cluster.body.server;
  if (typeof server !== 'string' || server.trim() === '') {
    throw badKubeconfig(`${label}: cluster "${cluster.name}"${at(cluster.line)} has no server URL.`);
  }
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw badKubeconfig(
      `${label}: cluster "${cluster.name}"${at(cluster.line)}: server "${server}" is not a URL (expected https://host:port).`,
    );
  }
  // The server URL is stored, shown and journaled as it is: a password in it would go everywhere.
  if (url.username || url.password) {
    throw badKubeconfig(
      `${label}: cluster "${cluster.name}"${at(cluster.line)}: the server URL must not contain a user name or password; put the credentials in the user entry.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badKubeconfig(
      `${label}: cluster "${cluster.name}"${at(cluster.line)}: server "${server}" must be an https:// (or http://) URL.`,
    );
  }
}

function toContext(entry: Entry, kc: Omit<Kubeconfig, 'contexts'>, label: string): ContextEntry {
  const { cluster, user, namespace } = entry.body;
  const where = `context "${entry.name}"${at(entry.line)}`;
  if (typeof cluster !== 'string' || cluster === '') {
    throw badKubeconfig(`${label}: ${where} names no cluster.`);
  }
  if (user !== undefined && user !== null && typeof user !== 'string') {
    throw badKubeconfig(`${label}: ${where}: \`user\` must be the name of a user entry.`);
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    throw badKubeconfig(`${label}: ${where}: \`namespace\` must be a string.`);
  }
  const missing: string[] = [];
  if (!kc.clusters.has(cluster)) missing.push(`cluster "${cluster}"`);
  if (user && !kc.users.has(user)) missing.push(`user "${user}"`);
  if (missing.length) {
    throw badKubeconfig(
      `${label}: ${where} names ${missing.join(' and ')}, which the file does not define` +
        ` (clusters: ${quotedList([...kc.clusters.keys()]) || 'none'}; users: ${quotedList([...kc.users.keys()]) || 'none'}).`,
      { context: entry.name, cluster, ...(user ? { user } : {}) },
    );
  }
  checkServer(kc.clusters.get(cluster)!, label);
  return {
    ...entry,
    cluster,
    ...(user ? { user } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

/**
 * The checked structure of a kubeconfig. `label` starts every message ("The kubeconfig",
 * "Kubeconfig /home/me/.kube/config"). Throws kube.bad_kubeconfig.
 */
export function parseKubeconfig(text: string, label = 'The kubeconfig'): Kubeconfig {
  const { doc, lines } = parseYaml(text, label);
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // The only failure left after parsing: too many aliases (a "billion laughs" document).
    throw badKubeconfig(`${label} uses too many YAML aliases to be a kubeconfig.`);
  }
  if (root === null || root === undefined) throw badKubeconfig(`${label} is empty.`);
  if (!isRec(root)) {
    throw badKubeconfig(
      `${label} is not a kubeconfig: the top level is ${describeValue(root)}, not a mapping with clusters, users and contexts.`,
    );
  }
  if (root.kind !== undefined && root.kind !== 'Config') {
    throw badKubeconfig(`${label} is not a kubeconfig: its kind is "${String(root.kind)}", not "Config".`);
  }
  if (!('contexts' in root)) {
    throw badKubeconfig(`${label} is not a kubeconfig: it has no \`contexts\` list.`);
  }
  const lineAt = (path: Array<string | number>) => lineOf(doc, lines, path);
  const clusters = readSection(root, 'clusters', label, lineAt);
  const users = readSection(root, 'users', label, lineAt);
  const rawContexts = readSection(root, 'contexts', label, lineAt);
  if (rawContexts.size === 0) throw badKubeconfig(`${label} defines no contexts.`);
  const current = root['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw badKubeconfig(`${label}: \`current-context\` must be the name of a context.`);
  }
  const rest = { clusters, users, ...(current ? { currentContext: current } : {}) };
  const contexts = [...rawContexts.values()].map((e) => toContext(e, rest, label));
  return { ...rest, contexts };
}
