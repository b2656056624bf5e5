// Reading an estate file: YAML (errors name the line) or an encrypted bundle.
import { z } from 'zod';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { LifeboatError } from '../api/errors';
import { isBundle, readBundle } from './bundle';
import { EstateDoc, type SecretSlots } from './estate-doc';

export interface ParsedEstate {
  doc: EstateDoc;
  secrets: SecretSlots;
  bundle: boolean;
}

export function parseEstate(content: string, bundlePassphrase?: string): ParsedEstate {
  if (isBundle(content)) {
    if (!bundlePassphrase) {
      throw new LifeboatError(
        'estate.bundle_passphrase_required',
        'This is an encrypted estate bundle: give its passphrase (on the command line: --bundle-passphrase-env VAR).',
      );
    }
    const payload = z
      .object({ estate: z.unknown(), secrets: z.record(z.string(), z.string()) })
      .safeParse(readBundle(content, bundlePassphrase));
    if (!payload.success)
      throw new LifeboatError('estate.bad_bundle', 'The bundle does not hold an estate and its secrets.');
    const doc = EstateDoc.safeParse(payload.data.estate);
    if (!doc.success) {
      const i = doc.error.issues[0];
      throw new LifeboatError(
        'estate.bad_file',
        `The bundle's estate is invalid: ${i?.path.join('.')}: ${i?.message}`,
      );
    }
    return { doc: doc.data, secrets: payload.data.secrets, bundle: true };
  }
  const lines = new LineCounter();
  const yaml = parseDocument(content, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const yamlError = yaml.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    throw new LifeboatError(
      'estate.bad_file',
      `${pos ? `line ${pos.line}: ` : ''}not valid YAML: ${yamlError.message.split('\n')[0]}`,
    );
  }
  const parsed = EstateDoc.safeParse(yaml.toJS());
  if (!parsed.success) {
    const messages = parsed.error.issues.slice(0, 5).map((i) => {
      const path = i.path.map(String);
      const node = nodeAt(yaml, path);
      const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
      return `${line ? `line ${line}: ` : ''}${path.join('.') || '(top)'}: ${i.message}`;
    });
    throw new LifeboatError('estate.bad_file', `The estate file is invalid: ${messages.join('; ')}`, {
      issues: messages,
    });
  }
  return { doc: parsed.data, secrets: {}, bundle: false };
}

/** The deepest YAML node along `path` (an issue about a missing key points at its parent). */
function nodeAt(
  doc: ReturnType<typeof parseDocument>,
  path: string[],
): { range?: [number, number, number] | null } | undefined {
  let node: unknown = doc.contents;
  let found = node as { range?: [number, number, number] | null } | undefined;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node)) node = node.get(Number(key), true);
    else break;
    if (!node) break;
    found = node as { range?: [number, number, number] | null };
  }
  return found;
}
