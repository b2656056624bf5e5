// Proves the layering rules in eslint.config.js are live: each deliberate violation, linted as
// if it sat at that path, is reported; the allowed imports are not.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('refuses core importing from renderer/ or electron/ or the electron module', async () => {
    expect(
      await restricted(
        'core/api/violation.ts',
        "import { x } from '../../renderer/src/format';\nexport { x };\n",
      ),
    ).toEqual([expect.stringContaining('core/ must not import from renderer/')]);
    expect(
      await restricted(
        'core/jobs/violation.ts',
        "import { x } from '../../electron/security';\nexport { x };\n",
      ),
    ).toEqual([expect.stringContaining('core/ must not import from electron/')]);
    expect(
      await restricted('core/jobs/violation.ts', "import { app } from 'electron';\nexport { app };\n"),
    ).not.toEqual([]);
  });

  it('refuses the renderer importing core internals or Node', async () => {
    expect(
      await restricted(
        'renderer/src/violation.ts',
        "import { openCatalog } from '../../core/catalog/catalog';\nexport { openCatalog };\n",
      ),
    ).toEqual([expect.stringContaining('only the contract')]);
    expect(
      await restricted(
        'renderer/src/violation.ts',
        "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n",
      ),
    ).toEqual([expect.stringContaining('no Node')]);
    expect(
      await restricted('renderer/src/violation.ts', "import fs from 'fs';\nexport { fs };\n"),
    ).not.toEqual([]);
  });

  it('allows the renderer the contract and core everything of its own', async () => {
    expect(
      await restricted(
        'renderer/src/ok.ts',
        "import { methods } from '../../core/api/contract';\nimport type { ApiError } from '../../core/api/errors';\nexport { methods };\nexport type { ApiError };\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'core/api/ok.ts',
        "import { openCatalog } from '../catalog/catalog';\nexport { openCatalog };\n",
      ),
    ).toEqual([]);
  });
});
