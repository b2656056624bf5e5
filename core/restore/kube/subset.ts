// Which of the point's objects a plan restores: all of them (the namespace's objects and the
// cluster-scoped ones stored with them), or a subset — KIND/NAME items and/or a label selector
// (their union) — plus what the chosen objects need from the cluster scope (the CRD of a custom
// resource, the PV of a bound claim). Only the objects needed are loaded.
import { LifeboatError } from '../../api/errors';
import { recAt } from '../../providers/native/kube/clean/item';
import type { PointObjects, StoredEntry } from './point-objects';
import { matchesSelector, parseSelector, type Requirement } from './selector';

export interface KindName {
  kind: string;
  name: string;
}

export interface Skip {
  item: string;
  reason: string;
}

/** `Deployment/web` → { kind, name }; anything else is `restore.bad_resource`. */
export function parseKindName(text: string): KindName {
  const m = /^([A-Za-z][A-Za-z0-9]*)\/([^/\s]+)$/.exec(text.trim());
  if (!m) {
    throw new LifeboatError(
      'restore.bad_resource',
      `"${text}" is not KIND/NAME (the object's kind and name, e.g. Deployment/web).`,
    );
  }
  return { kind: m[1]!, name: m[2]! };
}

export interface Subset {
  resources?: string[];
  selector?: string;
}

const kindMatches = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();

export async function selectEntries(
  point: PointObjects,
  subset: Subset,
): Promise<{ entries: StoredEntry[]; skipped: Skip[] }> {
  const wanted = subset.resources?.map(parseKindName);
  const selector: Requirement[] | undefined = subset.selector ? parseSelector(subset.selector) : undefined;
  if (!wanted && !selector) return { entries: [...point.entries], skipped: [] };

  const chosen = new Set<StoredEntry>();
  const skipped: Skip[] = [];
  const missing: string[] = [];
  for (const w of wanted ?? []) {
    let found = false;
    for (const namespaced of [true, false]) {
      if (found) break;
      for (const e of point.entries.filter((x) => x.namespaced === namespaced && x.name === w.name)) {
        const r = await point.load(e);
        if ('problem' in r) skipped.push({ item: e.path, reason: r.problem });
        else if (kindMatches(r.item.kind, w.kind)) {
          chosen.add(e);
          found = true;
        }
      }
    }
    if (!found) missing.push(`${w.kind}/${w.name}`);
  }
  if (missing.length > 0) {
    throw new LifeboatError(
      'restore.nothing_matched',
      `The restore point holds no ${missing.join(', ')}${missing.length > 1 ? ' (none of these)' : ''}.`,
      { missing },
    );
  }
  if (selector) {
    let matched = 0;
    for (const e of point.entries.filter((x) => x.namespaced)) {
      const r = await point.load(e);
      if ('problem' in r) skipped.push({ item: e.path, reason: r.problem });
      else if (matchesSelector(selector, recAt(r.item, ['metadata', 'labels']))) {
        chosen.add(e);
        matched++;
      }
    }
    if (matched === 0 && !wanted?.length) {
      throw new LifeboatError(
        'restore.nothing_matched',
        `No object in the restore point matches the label selector "${subset.selector}".`,
      );
    }
  }
  for (const e of [...chosen]) for (const dep of await needs(point, e)) chosen.add(dep);
  return { entries: point.entries.filter((e) => chosen.has(e)), skipped };
}

/** The cluster-scoped objects stored with `e` that it needs: its CRD, or its claim's PV. */
async function needs(point: PointObjects, e: StoredEntry): Promise<StoredEntry[]> {
  if (!e.namespaced) return [];
  // Any named group may come from a CRD (*.k8s.io ones too: Gateway API); the point holds the CRD
  // when the backup found one.
  if (e.group !== '')
    return point.find(
      false,
      'apiextensions.k8s.io',
      undefined,
      'customresourcedefinitions',
      `${e.plural}.${e.group}`,
    );
  if (e.group === '' && e.plural === 'persistentvolumeclaims') {
    const r = await point.load(e);
    const volume = 'item' in r ? recAt(r.item, ['spec'])?.volumeName : undefined;
    if (typeof volume === 'string') return point.find(false, '', undefined, 'persistentvolumes', volume);
  }
  return [];
}
