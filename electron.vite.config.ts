import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Electron is an optional dependency: at an air-gapped site its download fails and npm drops
// it. electron-vite reads Electron's version to choose the output format; give it the major
// version we depend on, so `npm install` (which builds) still succeeds there.
try {
  createRequire(import.meta.url).resolve('electron/package.json');
} catch {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    optionalDependencies?: Record<string, string>;
  };
  const major = /\d+/.exec(pkg.optionalDependencies?.electron ?? '')?.[0];
  if (major) process.env.ELECTRON_MAJOR_VER ??= major;
}

// Desktop build: Electron main + preload + the renderer. The renderer output in
// out/renderer is the same static bundle that `lifeboat serve` serves to a browser.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
