// The vault, and the estate as a whole: export and import.
import { z } from 'zod';

export const VaultStatus = z.object({
  initialized: z.boolean(),
  unlocked: z.boolean(),
  protections: z.array(z.enum(['passphrase', 'os-keychain'])),
});

export const Passphrase = z.string().min(1).max(1024);
/** A passphrase chosen now for something new (a repository, a bundle of every credential): at
 * least 8 characters, as the vault's. Opening what exists takes any `Passphrase`. */
export const NewPassphrase = z.string().min(8, 'use at least 8 characters').max(1024);

export const EstateKind = z.enum(['server', 'cluster', 'repository', 'system']);

export const ImportAction = z.enum(['create', 'unchanged', 'conflict', 'replace', 'skip']);

export const EstateExportInput = z
  .object({
    /** With a passphrase: an encrypted bundle that includes the secrets. Without: YAML, no secrets. */
    bundlePassphrase: NewPassphrase.optional(),
  })
  .strict();

export const EstateImportInput = z
  .object({
    /** YAML text, or an encrypted bundle (starts with its magic line). */
    content: z
      .string()
      .min(1)
      .max(16 * 1024 * 1024),
    bundlePassphrase: Passphrase.optional(),
    /** What to do with an entry that exists with different content. Default: refuse the import. */
    onConflict: z.enum(['refuse', 'skip', 'replace']).default('refuse'),
    dryRun: z.boolean().default(false),
  })
  .strict();

export const EstateImportResult = z.object({
  applied: z.boolean(),
  entries: z.array(z.object({ kind: EstateKind, name: z.string(), action: ImportAction })),
  /** Entries whose secrets were not in the file (YAML export) and must be set again. */
  missingSecrets: z.array(z.string()),
});
