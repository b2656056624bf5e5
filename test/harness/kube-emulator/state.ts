// The emulator's mutable state: resource types, objects, and pending background work.

import { Registry } from './registry';
import { ObjectStore } from './store';

export class EmulatorState {
  readonly registry = new Registry();
  readonly store = new ObjectStore();
  private timers = new Set<NodeJS.Timeout>();
  private pendingKeys = new Set<string>();

  /** Runs `fn` after `ms` (background "controller" work); cancelled by `cancelBackgroundWork`. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Like `later`, but does nothing while work under the same key is already pending. */
  laterOnce(key: string, ms: number, fn: () => void): void {
    if (this.pendingKeys.has(key)) return;
    this.pendingKeys.add(key);
    this.later(ms, () => {
      this.pendingKeys.delete(key);
      fn();
    });
  }

  cancelBackgroundWork(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pendingKeys.clear();
  }
}
