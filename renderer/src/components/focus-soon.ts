// Moves keyboard focus to the first of `prefer` that exists; the target may render a few frames
// later, so it is looked for briefly, and `fallback` is used only once it had time to appear.
export function focusSoon(prefer: string[], fallback: string[] = [], frames = 30): void {
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
