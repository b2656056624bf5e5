// Keeps the store's page (and Settings tab) and the URL fragment (#/journal, #/settings/servers)
// in step, both ways. The serve token has already been taken out of the fragment by the time
// this runs.
import { useEffect } from 'react';
import { hashForPage, routeFromHash } from './routes';
import { isSettingsTab } from './settings-tabs';
import { useAppStore, type AppStore } from './store';

function hashForState(s: AppStore): string {
  return hashForPage(
    s.page,
    s.page === 'settings' && s.settingsTab !== 'general' ? s.settingsTab : undefined,
  );
}

export function useHashRoute(): void {
  const page = useAppStore((s) => s.page);
  const settingsTab = useAppStore((s) => s.settingsTab);
  const navigate = useAppStore((s) => s.navigate);
  const openSettings = useAppStore((s) => s.openSettings);

  useEffect(() => {
    function fromUrl(): void {
      const route = routeFromHash(window.location.hash);
      if (route?.page === 'settings') openSettings(isSettingsTab(route.sub) ? route.sub : 'general');
      else if (route) navigate(route.page);
      else {
        // Unknown or empty fragment: show the current page and say so in the URL.
        const url = window.location.pathname + window.location.search + hashForState(useAppStore.getState());
        window.history.replaceState(window.history.state, '', url);
      }
    }
    fromUrl();
    window.addEventListener('hashchange', fromUrl);
    return () => window.removeEventListener('hashchange', fromUrl);
  }, [navigate, openSettings]);

  useEffect(() => {
    // Read the store, not `page`: the first effect may just have navigated from the URL.
    const hash = hashForState(useAppStore.getState());
    if (window.location.hash !== hash) window.location.hash = hash;
  }, [page, settingsTab]);
}
