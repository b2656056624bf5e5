import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// The headless build: the `lifeboat` CLI (which also runs `serve`). Plain Node, no Electron.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDeps = Object.keys(pkg.dependencies ?? {});

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: { lifeboat: 'core/cli/lifeboat.ts' },
      external: (id) =>
        id.startsWith('node:') ||
        builtinModules.includes(id) ||
        runtimeDeps.some((d) => id === d || id.startsWith(`${d}/`)),
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        banner: '#!/usr/bin/env node',
      },
    },
  },
});
