// The console's pages as data: nav, routing, shortcuts and the help dialog all read this list.
// Routing is the URL fragment (#/systems); the serve token is stripped from it before this runs.

export const pageIds = [
  'dashboard',
  'systems',
  'points',
  'recover',
  'drills',
  'journal',
  'settings',
] as const;
export type PageId = (typeof pageIds)[number];

export interface PageDef {
  id: PageId;
  /** Nav label and page heading. */
  title: string;
  /** The fragment path, without "#". */
  path: string;
  /** Second key of the "g <key>" shortcut. */
  goKey: string;
  /** One sentence saying what the page is for. */
  purpose: string;
}

export const pages: readonly PageDef[] = [
  {
    id: 'dashboard',
    title: 'Dashboard',
    path: '/dashboard',
    goKey: 'd',
    purpose: 'Whether every system is protected, and the jobs this Lifeboat is running or has run.',
  },
  {
    id: 'systems',
    title: 'Systems',
    path: '/systems',
    goKey: 's',
    purpose: 'The systems you protect, with owners, recovery objectives (RPO and RTO), scopes and runbooks.',
  },
  {
    id: 'points',
    title: 'Restore points',
    path: '/points',
    goKey: 'p',
    purpose:
      'Every restore point in your repositories, with its freshness and what is known about its trust.',
  },
  {
    id: 'recover',
    title: 'Recover',
    path: '/recover',
    goKey: 'r',
    purpose:
      'During an incident: pick a trusted restore point and the smallest scope that fixes it, preview the change, and restore with a safety point.',
  },
  {
    id: 'drills',
    title: 'Drills',
    path: '/drills',
    goKey: 'i',
    purpose:
      'Real test restores into a sandbox, timed, so you know each runbook works and how long it takes.',
  },
  {
    id: 'journal',
    title: 'Journal',
    path: '/journal',
    goKey: 'j',
    purpose: 'The append-only, hash-chained record of everything this Lifeboat did.',
  },
  {
    id: 'settings',
    title: 'Settings',
    path: '/settings',
    goKey: ',',
    purpose:
      'The vault, the servers, clusters and repositories Lifeboat connects to, the estate file, and appearance.',
  },
];

export const defaultPage: PageId = 'dashboard';

export function pageDef(id: PageId): PageDef {
  const def = pages.find((p) => p.id === id);
  if (!def) throw new Error(`unknown page ${id}`);
  return def;
}

/** "#/journal" → "journal"; anything unknown (or empty) → undefined. */
export function pageFromHash(hash: string): PageId | undefined {
  return routeFromHash(hash)?.page;
}

/** "#/settings/servers" → { page: "settings", sub: "servers" }; unknown → undefined. */
export function routeFromHash(hash: string): { page: PageId; sub?: string } | undefined {
  const path = (hash.startsWith('#') ? hash.slice(1) : hash).split(/[?&]/)[0] ?? '';
  for (const p of pages) {
    if (path === p.path) return { page: p.id };
    if (path.startsWith(`${p.path}/`)) {
      const sub = path.slice(p.path.length + 1);
      return sub ? { page: p.id, sub } : { page: p.id };
    }
  }
  return undefined;
}

export function hashForPage(id: PageId, sub?: string): string {
  return `#${pageDef(id).path}${sub ? `/${sub}` : ''}`;
}
