// Small shapes shared by several areas of the contract.
import { z } from 'zod';

/** Names of servers, clusters, repositories and systems: short, lowercase, shell- and URL-safe. */
export const EntryName = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/,
    'use 1–63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
  );

/**
 * An http(s) endpoint URL with no user name or password in it (credentials are given apart and
 * kept in the vault; a URL is shown, stored and journaled as it is) and no query or fragment.
 */
export const EndpointUrl = z
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
  .refine((u) => {
    const url = new URL(u);
    return !url.username && !url.password;
  }, 'must not contain a user name or password; give the credentials separately')
  .refine((u) => {
    const url = new URL(u);
    return !url.search && !url.hash;
  }, 'must not have a query or a fragment');

/** An SSH host key fingerprint as `ssh-keygen -l` prints it. */
export const Fingerprint = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected a fingerprint like SHA256:… (43 base64 characters)');

/** A secret the renderer never sees: only whether it is set. */
export const SecretState = z.enum(['set', 'not set']);

/** A duration as people write it: 90s, 15m, 24h, 30d, 2w, or combined (1h30m). */
export const DurationText = z
  .string()
  .regex(/^(\d+[smhdw])+$/, 'use a duration like 15m, 24h, 30d or 1h30m (s, m, h, d, w)');

export const Duration = z.object({ text: z.string(), seconds: z.number().int().nonnegative() });
