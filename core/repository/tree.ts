// Tree blobs (FORMAT.md, "Trees"): one per directory, canonical JSON { nodes: [...] } with nodes
// sorted by the bytes of their name. Every tree read is validated: a name is one path component
// (not '', '.', '..', no '/' and no NUL), so a hostile repository can't make a restore write
// outside its target; each node type carries exactly the fields it needs.
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { canonicalJson } from '../util/canonical-json';
import { damagedTree, describeIssues, invalidInput } from './errors';
import { idSchema, isId } from './ids';

export const nodeTypes = [
  'file',
  'dir',
  'symlink',
  'hardlink',
  'fifo',
  'socket',
  'chardev',
  'blockdev',
] as const;
export type NodeType = (typeof nodeTypes)[number];

export interface TreeNode {
  /** The name as UTF-8 text; exactly one of name / nameBase64. */
  name?: string;
  /** The name's raw bytes, base64, when they are not valid UTF-8. */
  nameBase64?: string;
  type: NodeType;
  /** Permission bits with setuid/setgid/sticky: 0 … 0o7777 (not the file type bits). */
  mode: number;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  /** RFC 3339 UTC with 0–9 fraction digits: "2024-05-01T12:00:00.123456789Z". */
  mtime: string;
  /** Bytes of content for files; 0 otherwise. */
  size: number;
  /** file: the data blob ids of its content, in order ([] for an empty file). */
  content?: string[];
  /** dir: the tree blob id of its listing. */
  subtree?: string;
  /** symlink: the target as stored (text or base64 bytes); exactly one of the two. */
  linkTarget?: string;
  linkTargetBase64?: string;
  /** hardlink: path, relative to the snapshot root, of the first occurrence (text or base64 bytes). */
  linkTo?: string;
  linkToBase64?: string;
  /** chardev / blockdev. */
  device?: { major: number; minor: number };
  /** Why something is not stored as such ("socket skipped"). */
  note?: string;
  /**
   * Change detection only (never restored): the inode's change time (same form as mtime) and its
   * number (decimal text) when the backup listed them. The next backup reuses a file's content
   * without reading it when size, mtime, ctime and inode are all unchanged.
   */
  ctime?: string;
  inode?: string;
}

export interface Tree {
  nodes: TreeNode[];
}

const maxNameBytes = 4096;
const maxPathBytes = 64 * 1024;
const mtimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** Text or base64 → bytes; a string with lone surrogates has no exact UTF-8 form and is refused. */
function bytesOf(text: string | undefined, base64: string | undefined): Buffer | string {
  if ((text === undefined) === (base64 === undefined)) return 'exactly one of the text and base64 forms';
  if (text !== undefined)
    return loneSurrogate.test(text) ? 'not well-formed Unicode' : Buffer.from(text, 'utf8');
  return Buffer.from(base64!, 'base64');
}

/** Why `name` is not a safe single path component, or undefined. */
export function nameProblem(name: Buffer): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.length > maxNameBytes) return `a name longer than ${maxNameBytes} bytes`;
  if (name[0] === 0x2e && (name.length === 1 || (name.length === 2 && name[1] === 0x2e)))
    return `the name '${name.toString()}'`;
  if (name.includes(0x2f)) return 'a name containing "/"';
  if (name.includes(0)) return 'a name containing NUL';
  return undefined;
}

/** Why `path` is not a safe relative path inside the snapshot ("etc/nginx/nginx.conf"), or undefined. */
export function relativePathProblem(path: Buffer): string | undefined {
  if (path.length > maxPathBytes) return 'a path that is too long';
  if (path.length === 0) return 'an empty path';
  if (path[0] === 0x2f) return 'an absolute path';
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path[i] === 0x2f) {
      const problem = nameProblem(path.subarray(start, i));
      if (problem) return `a path with ${problem}`;
      start = i + 1;
    }
  }
  return undefined;
}

const b64 = z.base64();

/** The type-specific fields a node has or not; each type needs exactly its own one (or none). */
type TypeField = 'content' | 'subtree' | 'link' | 'hardlink' | 'device';
const fieldChecks: [TypeField, (n: Partial<TreeNode>) => boolean][] = [
  ['content', (n) => n.content !== undefined],
  ['subtree', (n) => n.subtree !== undefined],
  ['link', (n) => n.linkTarget !== undefined || n.linkTargetBase64 !== undefined],
  ['hardlink', (n) => n.linkTo !== undefined || n.linkToBase64 !== undefined],
  ['device', (n) => n.device !== undefined],
];
const fieldOfType: Record<NodeType, TypeField | undefined> = {
  file: 'content',
  dir: 'subtree',
  symlink: 'link',
  hardlink: 'hardlink',
  chardev: 'device',
  blockdev: 'device',
  fifo: undefined,
  socket: undefined,
};

const nodeSchema = z
  .object({
    name: z.string().optional(),
    nameBase64: b64.optional(),
    type: z.enum(nodeTypes),
    mode: z.number().int().min(0).max(0o7777),
    uid: uint32,
    gid: uint32,
    user: z.string().max(256).optional(),
    group: z.string().max(256).optional(),
    mtime: z.string().regex(mtimePattern, 'expected RFC 3339 UTC time with at most 9 fraction digits'),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    content: z.array(idSchema).optional(),
    subtree: idSchema.optional(),
    linkTarget: z.string().optional(),
    linkTargetBase64: b64.optional(),
    linkTo: z.string().optional(),
    linkToBase64: b64.optional(),
    device: z.object({ major: uint32, minor: uint32 }).optional(),
    note: z.string().max(1000).optional(),
    ctime: z
      .string()
      .regex(mtimePattern, 'expected RFC 3339 UTC time with at most 9 fraction digits')
      .optional(),
    inode: z
      .string()
      .regex(/^\d{1,20}$/, 'expected decimal digits')
      .optional(),
  })
  .superRefine((n, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    const name = bytesOf(n.name, n.nameBase64);
    if (typeof name === 'string') return fail(`name: ${name}`);
    const problem = nameProblem(name);
    if (problem) return fail(`${problem}`);
    const wanted = fieldOfType[n.type];
    for (const [field, present] of fieldChecks) {
      const here = present(n);
      if (field === wanted && !here) fail(`a ${n.type} needs ${field}`);
      if (field !== wanted && here) fail(`a ${n.type} can't have ${field}`);
    }
    if (n.type !== 'file' && n.size !== 0) fail(`a ${n.type} must have size 0`);
    if (wanted === 'link') {
      const target = bytesOf(n.linkTarget, n.linkTargetBase64);
      if (typeof target === 'string') fail(`linkTarget: ${target}`);
      else if (target.length === 0 || target.includes(0) || target.length > maxPathBytes)
        fail('linkTarget must be 1–65536 bytes without NUL');
    }
    if (wanted === 'hardlink') {
      const to = bytesOf(n.linkTo, n.linkToBase64);
      if (typeof to === 'string') fail(`linkTo: ${to}`);
      else {
        const p = relativePathProblem(to);
        if (p) fail(`linkTo is ${p}`);
      }
    }
  });

export const treeSchema = z.object({ nodes: z.array(nodeSchema) }).superRefine((t, ctx) => {
  let before = t.nodes.length ? nodeName(t.nodes[0]!) : undefined;
  for (let i = 1; i < t.nodes.length; i++) {
    const name = nodeName(t.nodes[i]!);
    const order = Buffer.compare(before!, name);
    before = name;
    if (order >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', i],
        message: 'names must be unique and sorted by their bytes',
      });
      return;
    }
  }
});

/** The raw bytes of a node's name. */
export function nodeName(node: Pick<TreeNode, 'name' | 'nameBase64'>): Buffer {
  return node.name !== undefined
    ? Buffer.from(node.name, 'utf8')
    : Buffer.from(node.nameBase64 ?? '', 'base64');
}

/** Text when the bytes are valid UTF-8, else base64: `{ name }` or `{ nameBase64 }` for a node. */
export function nameFields(bytes: Buffer): { name: string } | { nameBase64: string } {
  const text = utf8(bytes);
  return text !== undefined ? { name: text } : { nameBase64: bytes.toString('base64') };
}

/** The same for a symlink target. */
export function linkTargetFields(bytes: Buffer): { linkTarget: string } | { linkTargetBase64: string } {
  const text = utf8(bytes);
  return text !== undefined ? { linkTarget: text } : { linkTargetBase64: bytes.toString('base64') };
}

function utf8(bytes: Buffer): string | undefined {
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** The canonical bytes of a tree: nodes sorted by name bytes, keys sorted. Invalid → `repo.invalid_tree`. */
export function encodeTree(tree: Tree): Buffer {
  const sorted = { nodes: [...tree.nodes].sort((a, b) => Buffer.compare(nodeName(a), nodeName(b))) };
  const r = treeSchema.safeParse(sorted);
  if (!r.success) throw invalidInput('repo.invalid_tree', describeIssues(r.error.issues));
  return Buffer.from(canonicalJson(r.data), 'utf8');
}

/** Parses and validates a tree blob's plaintext; anything wrong → `repo.damaged_tree` naming it. */
export function decodeTree(id: string, plaintext: Buffer): Tree {
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw damagedTree(id, 'not valid JSON');
  }
  if (plainTree(json)) return json;
  const r = treeSchema.safeParse(json);
  if (!r.success) throw damagedTree(id, describeIssues(r.error.issues));
  return r.data;
}

// A fast path for the trees nearly every backup writes: folders, files and symlinks with UTF-8
// names and no other field. It accepts a subset of what treeSchema accepts (every check below is
// one of the schema's, and any other key or node type defers to it), so a tree it passes is one
// the schema passes unchanged; the schema, 3–4× slower per node, decides everything else and
// words the errors. A test holds the two together on mutated trees.
const plainKeys: Record<string, Set<string>> = Object.fromEntries(
  (
    [
      ['file', 'content'],
      ['dir', 'subtree'],
      ['symlink', 'linkTarget'],
    ] as const
  ).map(([type, own]) => [
    type,
    new Set(['name', 'type', 'mode', 'uid', 'gid', 'user', 'group', 'mtime', 'size', 'ctime', 'inode', own]),
  ]),
);
const inodePattern = /^\d{1,20}$/;
const isUint = (v: unknown, max: number) =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isText = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

function plainNode(n: unknown): n is TreeNode {
  if (typeof n !== 'object' || n === null || Array.isArray(n)) return false;
  const o = n as Record<string, unknown>;
  const keys = plainKeys[o.type as string];
  if (!keys || !Object.keys(o).every((k) => keys.has(k))) return false;
  const name = o.name;
  if (typeof name !== 'string' || name.length === 0 || name === '.' || name === '..') return false;
  if (name.includes('/') || name.includes('\0') || loneSurrogate.test(name)) return false;
  if (Buffer.byteLength(name) > maxNameBytes) return false;
  if (!isUint(o.mode, 0o7777) || !isUint(o.uid, 2 ** 32 - 1) || !isUint(o.gid, 2 ** 32 - 1)) return false;
  if ((o.user !== undefined && !isText(o.user, 256)) || (o.group !== undefined && !isText(o.group, 256)))
    return false;
  if (typeof o.mtime !== 'string' || !mtimePattern.test(o.mtime)) return false;
  if (o.ctime !== undefined && (typeof o.ctime !== 'string' || !mtimePattern.test(o.ctime))) return false;
  if (o.inode !== undefined && (typeof o.inode !== 'string' || !inodePattern.test(o.inode))) return false;
  if (!isUint(o.size, Number.MAX_SAFE_INTEGER) || (o.type !== 'file' && o.size !== 0)) return false;
  switch (o.type) {
    case 'file':
      return Array.isArray(o.content) && o.content.every((c) => typeof c === 'string' && isId(c));
    case 'dir':
      return typeof o.subtree === 'string' && isId(o.subtree);
    default: {
      const t = o.linkTarget;
      if (typeof t !== 'string' || t.length === 0 || t.includes('\0') || loneSurrogate.test(t)) return false;
      return Buffer.byteLength(t) <= maxPathBytes;
    }
  }
}

/** Whether `json` is a tree of plain nodes, sorted and unique by name bytes (see above). */
export function plainTree(json: unknown): json is Tree {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const keys = Object.keys(json);
  const nodes = (json as { nodes?: unknown }).nodes;
  if (keys.length !== 1 || !Array.isArray(nodes)) return false;
  let before: Buffer | undefined;
  for (const n of nodes) {
    if (!plainNode(n)) return false;
    const name = Buffer.from(n.name!, 'utf8');
    if (before && Buffer.compare(before, name) >= 0) return false;
    before = name;
  }
  return true;
}
