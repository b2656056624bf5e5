// The root: Mantine (theme, color scheme from the store), keyboard shortcuts, routing, and the
// token page when the browser console has no usable token.
import { MantineProvider } from '@mantine/core';
import { actions } from './actions';
import { useShortcuts } from './actions/use-shortcuts';
import { AppLayout } from './components/app-layout';
import { TokenPage } from './components/token-page';
import { useAppStore } from './store';
import { storeColorSchemeManager } from './theme/color-scheme-manager';
import { theme } from './theme/theme';
import { useHashRoute } from './use-hash-route';

const colorSchemeManager = storeColorSchemeManager();

function Console() {
  useHashRoute();
  useShortcuts(actions);
  return <AppLayout />;
}

export function App() {
  const connection = useAppStore((s) => s.connection);
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      {connection === 'no-token' || connection === 'rejected' ? (
        <TokenPage reason={connection} />
      ) : (
        <Console />
      )}
    </MantineProvider>
  );
}
