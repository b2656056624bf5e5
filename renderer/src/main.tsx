// Startup: configure zod for our CSP (first!), load the styles (Mantine's come in through
// styles.css), pick the transport (which takes the serve token out of the address bar before
// routing reads it), wire the store, render.
import './zod-config';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { selectTransport } from './api/select-transport';
import { App } from './app';
import { connectStore } from './store/connect-store';
import { applyInitialColorScheme } from './theme/color-scheme-manager';

const client = createClient(selectTransport());
connectStore(client);
applyInitialColorScheme();

const root = document.getElementById('root');
if (!root) throw new Error('Lifeboat: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
