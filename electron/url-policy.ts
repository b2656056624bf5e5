// Which URLs are "our page": the packaged index.html (file://, exact path) or, in development,
// the electron-vite dev server's origin. Parsed with the URL parser, never string prefixes.
export function isOwnUrl(url: string, entry: string): boolean {
  try {
    const u = new URL(url);
    const e = new URL(entry);
    if (u.protocol !== e.protocol) return false;
    if (e.protocol === 'file:') return u.pathname === e.pathname;
    return u.origin === e.origin;
  } catch {
    return false;
  }
}
