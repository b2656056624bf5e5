// Keeps the store's page and the URL fragment (#/journal) in step, both ways. The serve token
// has already been taken out of the fragment by the time this runs.
import { useEffect } from 'react';
import { hashForPage, pageFromHash } from './routes';
import { useAppStore } from './store';

export function useHashRoute(): void {
  const page = useAppStore((s) => s.page);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    function fromUrl(): void {
      const target = pageFromHash(window.location.hash);
      if (target) navigate(target);
      else {
        // Unknown or empty fragment: show the current page and say so in the URL.
        const current = useAppStore.getState().page;
        const url = window.location.pathname + window.location.search + hashForPage(current);
        window.history.replaceState(window.history.state, '', url);
      }
    }
    fromUrl();
    window.addEventListener('hashchange', fromUrl);
    return () => window.removeEventListener('hashchange', fromUrl);
  }, [navigate]);

  useEffect(() => {
    // Read the store, not `page`: the first effect may just have navigated from the URL.
    const hash = hashForPage(useAppStore.getState().page);
    if (window.location.hash !== hash) window.location.hash = hash;
  }, [page]);
}
