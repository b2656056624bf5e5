// A run of a runbook by keys, wherever it is shown (Recover in guided mode, Drills): go to the
// step waiting for you (its one action takes focus), pause or resume, cancel (asks first), export
// the report and close the run once it ended; and switch Recover between direct and guided.
// None acts on a step by itself: the step's own button (or dialog) does.
import { focusSoon } from '../components/focus-soon';
import { runFinished, runPausable, runResumable } from '../runs/run-text';
import type { AppStore } from '../store';
import { shownRun } from '../store/runs-slice';
import type { Action } from './types';

/** Keys of a run act where it is shown, and not under a dialog. */
export function runKeysActive(s: AppStore): boolean {
  return (
    shownRun(s) !== undefined &&
    !s.helpOpen &&
    s.runDialog === 'none' &&
    !s.vaultDialog &&
    s.drillConfirm === undefined
  );
}

const going = (s: AppStore) => {
  const run = shownRun(s);
  return run !== undefined && !runFinished(run);
};
const ended = (s: AppStore) => {
  const run = shownRun(s);
  return run !== undefined && runFinished(run);
};

export const runActions: readonly Action[] = [
  {
    id: 'recover.mode',
    label: 'Recover: switch between direct restore and guided (runbook)',
    group: 'Runs',
    shortcuts: [['m']],
    available: (s) =>
      s.page === 'recover' &&
      !s.helpOpen &&
      s.recoverDialog === 'none' &&
      s.runDialog === 'none' &&
      !s.vaultDialog,
    perform: (s) => s.setRecoverMode(s.recoverMode === 'direct' ? 'guided' : 'direct'),
  },
  {
    id: 'run.step',
    label: 'Go to the step waiting for you (its action takes focus)',
    group: 'Runs',
    shortcuts: [['s']],
    available: (s) => runKeysActive(s) && going(s),
    perform: () => focusSoon(['#run-step-primary:not([disabled])'], ['#run-step-heading']),
  },
  {
    id: 'run.pause',
    label: 'Pause the run, or resume it',
    group: 'Runs',
    shortcuts: [['Shift+p']],
    available: (s) => {
      const run = shownRun(s);
      return runKeysActive(s) && run !== undefined && (runPausable(run) || runResumable(run));
    },
    perform: (s) => {
      const run = shownRun(s);
      if (!run) return;
      if (runResumable(run)) void s.resumeRun(run.id);
      else void s.pauseRun(run.id);
    },
  },
  {
    id: 'run.cancel',
    label: 'Cancel the run… (asks first)',
    group: 'Runs',
    shortcuts: [['Shift+c']],
    available: (s) => runKeysActive(s) && going(s),
    perform: (s) => s.setRunDialog('cancel'),
  },
  {
    id: 'run.export',
    label: 'Export the report of the run that ended',
    group: 'Runs',
    shortcuts: [['e']],
    available: (s) => runKeysActive(s) && shownRun(s)?.finishedAt !== undefined,
    perform: () => document.getElementById('run-export-report')?.click(),
  },
  {
    id: 'run.close',
    label: 'Close the run that ended (back to the list)',
    group: 'Runs',
    shortcuts: [['b']],
    available: (s) => runKeysActive(s) && ended(s),
    perform: (s) => s.closeRun(s.page === 'drills' ? 'drills' : 'recover'),
  },
];
