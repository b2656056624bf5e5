// Restore item actions (Velero's `{ name, appliesTo, execute(item) }`): what a restore changes on
// an object of the point before it is compared with the live one and written, or why it leaves
// the object out. Cleaning at backup time (providers/native/kube/clean) already removed the
// server-set fields; these are the decisions that depend on the restore (the destination, the
// objects around it).
import type { KubeItem } from '../../../providers/native/kube/clean/item';

export interface RestoreItemContext {
  /** `<plural>` (core group) or `<plural>.<group>`. */
  resource: string;
  namespaced: boolean;
  sourceNamespace: string;
  destNamespace: string;
  /** A Service stored in the point's namespace, by name (the Endpoints action asks). */
  pointService(name: string): KubeItem | undefined;
  /** Set when an `alsoLive` action runs on the live object: the object as the restore writes it. */
  desired?: KubeItem;
}

export interface RestoreActionResult {
  item: KubeItem;
  /** Leave the object out; the reason is shown in the preview. */
  skip?: string;
  /** Facts shown with the item in the preview. */
  notes?: string[];
  /** The cluster creates the object itself (with the namespace): AlreadyExists on create is expected. */
  clusterMade?: boolean;
}

export interface RestoreAction {
  name: string;
  /** Resources it applies to (`<plural>` or `<plural>.<group>`), or '*' for every object. */
  appliesTo: readonly string[] | '*';
  /**
   * Also run on the (cleaned) live object before comparing: the field it removes is never
   * restored, so it is neither compared nor patched.
   */
  alsoLive?: boolean;
  /** Gets a private copy of the item: may change it in place. */
  execute(item: KubeItem, ctx: RestoreItemContext): RestoreActionResult;
}
