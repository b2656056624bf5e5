// Moves keyboard focus to the next step's primary action when the flow asks for it (a plan
// arrived → "Restore…"; the restore started → "Cancel restore…"; the form has errors → the first
// one). The target may render a few frames later, so it is looked for briefly.
import { useEffect } from 'react';
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

function focusSoon({ prefer, fallback }: { prefer: string[]; fallback: string[] }, frames = 30): void {
  let left = frames;
  const attempt = () => {
    for (const sel of left > 0 ? prefer : [...prefer, ...fallback]) {
      const el = document.querySelector<HTMLElement>(sel);
      if (el) {
        el.focus();
        return;
      }
    }
    if (left-- > 0) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

export function useRecoverFocus(): void {
  const focus = useAppStore((s) => s.recoverFocus);
  const take = useAppStore((s) => s.takeRecoverFocus);
  useEffect(() => {
    if (!focus) return;
    const which = take();
    if (which) focusSoon(targets[which]);
  }, [focus, take]);
}
