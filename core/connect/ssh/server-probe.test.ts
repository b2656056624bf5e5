import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { osReport, parseProbeOutput, probeScript, toolsReport } from './server-probe';

describe('server probe', () => {
  it('runs under a real sh and parses into tools and OS', () => {
    const { script, nonce } = probeScript();
    const stdout = execFileSync('sh', ['-s'], { input: script, encoding: 'utf8' });
    const values = parseProbeOutput(`motd noise\n${stdout}trailing noise\n`, nonce);
    const tools = toolsReport(values);
    expect(tools.find((t) => t.name === 'sh')).toMatchObject({ present: true });
    expect(osReport(values)).toMatch(/\S/);
  });

  it('is strict inside the block', () => {
    const wrap = (body: string) => `lifeboat-probe-n1 begin\n${body}\nlifeboat-probe-n1 end\n`;
    expect(() => parseProbeOutput('nothing', 'n1')).toThrow(/did not run to the end/);
    expect(() => parseProbeOutput(wrap('garbage line'), 'n1')).toThrow(/unexpected probe output/);
    expect(() => parseProbeOutput(wrap('evil=1'), 'n1')).toThrow(/unknown probe key/);
    expect(() => parseProbeOutput(wrap('uname=a\nuname=b'), 'n1')).toThrow(/twice/);
    // Another nonce's block is not ours.
    expect(() => parseProbeOutput(wrap('uname=x'), 'other')).toThrow();
  });

  it('reports sudo, versions and missing tools', () => {
    const values = parseProbeOutput(
      [
        'lifeboat-probe-n begin',
        'path.sh=/bin/sh',
        'path.tar=/bin/tar',
        'version.tar=tar (GNU tar) 1.34',
        'path.sudo=/usr/bin/sudo',
        'sudo.exit=1',
        'sudo.message=sudo: a password is required',
        'os=Debian GNU/Linux 12 (bookworm)',
        'uname=Linux 6.1.0 x86_64',
        'lifeboat-probe-n end',
      ].join('\n'),
      'n',
    );
    const tools = toolsReport(values);
    expect(tools.find((t) => t.name === 'tar')).toEqual({
      name: 'tar',
      present: true,
      detail: '/bin/tar (tar (GNU tar) 1.34)',
    });
    expect(tools.find((t) => t.name === 'sha256sum')).toMatchObject({ present: false });
    expect(tools.find((t) => t.name === 'sudo -n')).toEqual({
      name: 'sudo -n',
      present: false,
      detail: 'sudo: a password is required',
    });
    expect(osReport(values)).toBe('Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64');
  });
});
