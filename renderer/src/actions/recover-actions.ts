// The steps of a restore as keys, on the Recover page only: plan (or plan again), open the
// confirmation, cancel the running restore, plan its undo, start over. None of them writes
// anything by itself: executing always goes through the confirmation dialog.
import { canExecute, flowCanUndo, flowRestore, flowRunning, recoverKeysActive } from '../recover/flow-select';
import { targetChanged } from '../recover/restore-text';
import type { Action } from './types';

export const recoverActions: readonly Action[] = [
  {
    id: 'recover.plan',
    label: 'Plan the restore, or plan again (writes nothing)',
    group: 'Recover',
    shortcuts: [['p']],
    available: (s) => recoverKeysActive(s) && s.recoverFlow.plan.status !== 'planning',
    perform: (s) => {
      // After "the live target changed", plan that same restore again; otherwise plan the form.
      const r = flowRestore(s);
      if (r && targetChanged(r.error)) void s.replanRestore(r);
      else void s.planRecover();
    },
  },
  {
    id: 'recover.confirm',
    label: 'Restore… (opens the confirmation)',
    group: 'Recover',
    shortcuts: [['r']],
    available: (s) => recoverKeysActive(s) && canExecute(s),
    perform: (s) => s.setRecoverDialog('confirm'),
  },
  {
    id: 'recover.cancel',
    label: 'Cancel the running restore… (asks first)',
    group: 'Recover',
    shortcuts: [['c']],
    available: (s) => recoverKeysActive(s) && flowRunning(s),
    perform: (s) => s.setRecoverDialog('cancel'),
  },
  {
    id: 'recover.undo',
    label: 'Undo the restore shown (plans the undo first)',
    group: 'Recover',
    shortcuts: [['u']],
    available: (s) => recoverKeysActive(s) && flowCanUndo(s),
    perform: (s) => {
      const r = flowRestore(s);
      if (r) void s.planUndo(r.id);
    },
  },
  {
    id: 'recover.new',
    label: 'Start a new restore',
    group: 'Recover',
    shortcuts: [['n']],
    available: (s) => recoverKeysActive(s) && s.recoverFlow.plan.status !== 'idle',
    perform: (s) => s.newRecover(),
  },
];
