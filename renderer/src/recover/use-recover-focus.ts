// Moves keyboard focus to the next step's primary action when the flow asks for it (a plan
// arrived → "Restore…"; the restore started → "Cancel restore…"; the form has errors → the first
// one).
import { useEffect } from 'react';
import { focusSoon } from '../components/focus-soon';
import { useAppStore } from '../store';
import type { RecoverFocus } from '../store/restore-slice';

/** Where focus goes: the first of `prefer` that exists; `fallback` only once it had time to appear. */
const targets: Record<RecoverFocus, { prefer: string[]; fallback: string[] }> = {
  form: {
    prefer: ['form[aria-label="What to restore"] [aria-invalid="true"]', '#recover-scope'],
    fallback: [],
  },
  execute: { prefer: ['#recover-execute:not([disabled])'], fallback: ['#preview-heading'] },
  'plan-error': { prefer: ['#recover-plan-error'], fallback: ['#preview-heading'] },
  // A restore over before its Cancel button showed: its result (or "Plan again") instead.
  progress: {
    prefer: ['#recover-cancel', '#recover-plan-again', '#recover-result'],
    fallback: ['#recover-progress'],
  },
};

export function useRecoverFocus(): void {
  const focus = useAppStore((s) => s.recoverFocus);
  const take = useAppStore((s) => s.takeRecoverFocus);
  useEffect(() => {
    if (!focus) return;
    const which = take();
    if (which) focusSoon(targets[which].prefer, targets[which].fallback);
  }, [focus, take]);
}
