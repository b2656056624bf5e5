import { describe, expect, it } from 'vitest';
import { isOwnUrl } from '../../electron/url-policy';

describe('Electron navigation policy', () => {
  const packaged = 'file:///opt/Lifeboat/resources/app.asar/out/renderer/index.html';

  it('allows only our own page', () => {
    expect(isOwnUrl(`${packaged}#/systems`, packaged)).toBe(true);
    expect(isOwnUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isOwnUrl('file:///opt/Lifeboat/resources/app.asar/out/renderer/other.html', packaged)).toBe(false);
    expect(isOwnUrl('https://evil.example/', packaged)).toBe(false);
    expect(isOwnUrl('not a url', packaged)).toBe(false);
  });

  it('in development allows the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isOwnUrl('http://localhost:5173/#/recover', dev)).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnUrl('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isOwnUrl('file:///tmp/x.html', dev)).toBe(false);
  });
});
