// The evidence report as one self-contained HTML page: inline style, inline icons, no scripts,
// and a Content-Security-Policy that forbids fetching anything, so opening an archived report
// can neither phone home nor run code. Printable as it is (A4) and the source of the PDF.
import { formatDate, formatTime, plural } from './format';
import { html, trusted, type Html } from './html';
import type { ReportData, ReportSystem } from './report-data';
import { criticality, protection, systemSection } from './render-system';
import { css, icon, type Tone } from './style';

const csp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function periodWords(d: ReportData): string {
  return d.since ? ` since ${formatTime(d.since)}` : '';
}

function header(d: ReportData): Html {
  return html`<header class="report">
    <p class="kicker">Lifeboat · evidence report</p>
    <h1>${d.system ? `Recovery evidence: ${d.system}` : 'Recovery evidence for every system'}</h1>
    <div class="meta">
      <span>Generated <b>${formatTime(d.generatedAt)}</b></span>
      <span
        >Period
        <b
          >${d.since ? `${formatTime(d.since)} – ${formatTime(d.generatedAt)}` : 'everything on record'}</b
        ></span
      >
      <span>By <b>${d.generatedBy}</b></span>
      <span>Lifeboat <b>${d.lifeboatVersion}</b></span>
    </div>
  </header>`;
}

function tile(tone: Tone, n: number | string, label: string): Html {
  return html`<div class="tile ${tone}">
    <div class="n">${icon(tone)}${n}</div>
    <div class="label">${label}</div>
  </div>`;
}

function tiles(d: ReportData): Html {
  const count = (p: ReportSystem['protection']) => d.systems.filter((s) => s.protection === p).length;
  return html`<div class="tiles" role="list" aria-label="Summary">
    ${tile(count('fresh') ? 'good' : 'neutral', count('fresh'), 'fresh: newest point within RPO')}
    ${tile(count('stale') ? 'warn' : 'neutral', count('stale'), 'stale: newest point older than RPO')}
    ${tile(count('none') ? 'bad' : 'neutral', count('none'), 'with a scope that has no restore point')}
    ${
      d.journal.ok
        ? tile('good', 'Intact', `journal: ${plural(d.journal.checked, 'entry', 'entries')} checked`)
        : tile(
            'bad',
            'Broken',
            `journal: first problem at ${d.journal.broken?.seq !== undefined ? `seq ${d.journal.broken.seq}` : 'its head'}`,
          )
    }
  </div>`;
}

function lastRestore(s: ReportSystem): Html {
  const r = s.restores[0];
  if (!r) return html`<span class="muted">none</span>`;
  return html`<span class="nowrap">${formatDate(r.startedAt)}</span><br /><span class="muted small"
      >${r.state === 'PartiallyFailed' ? 'partly failed' : r.state.toLowerCase()}</span
    >`;
}

function lastVerified(s: ReportSystem): Html {
  const times = s.scopes.flatMap((sc) => (sc.lastVerified ? [sc.lastVerified.verifiedAt] : []));
  if (times.length === 0) return html`<span class="muted">never</span>`;
  // The weakest link: a system is verified as recently as its least recently verified scope.
  const all = times.length === s.scopes.length;
  const oldest = times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  return html`<span class="nowrap">${formatDate(oldest)}</span
    >${all ? '' : html`<br /><span class="small text-warn">not every scope</span>`}`;
}

function overview(d: ReportData): Html {
  if (d.systems.length === 0) {
    return html`<p class="empty">
      No systems are described in this catalog yet, so there is nothing to report on. Describe one with
      lifeboat system add, or in the console under Systems.
    </p>`;
  }
  return html`<h2>Systems at a glance</h2>
    <table>
      <thead>
        <tr>
          <th>System</th>
          <th>Owner</th>
          <th>Objectives</th>
          <th>Protection</th>
          <th>Last verified</th>
          <th>Last restore</th>
          <th>Last drill</th>
        </tr>
      </thead>
      <tbody>
        ${d.systems.map(
          (s) =>
            html`<tr>
              <td class="nowrap">
                <b>${s.name}</b>
                <div class="under">${criticality(s.criticality)}</div>
              </td>
              <td class="break">${s.ownerTeam}</td>
              <td class="nowrap">RPO ${s.rpo.text}<br />RTO ${s.rto.text}</td>
              <td>${protection(s.protection)}</td>
              <td>${lastVerified(s)}</td>
              <td>${lastRestore(s)}</td>
              <td>
                ${s.drills[0] ? html`<span class="nowrap">${formatDate(s.drills[0].startedAt)}</span>` : html`<span class="muted">none recorded</span>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function journalSection(d: ReportData): Html {
  const j = d.journal;
  const head = j.headFile;
  const headWords: Record<typeof head.state, string> = {
    matches: 'matches the end of the journal',
    lags: 'names an earlier entry that matches (see the note)',
    missing: 'is missing',
    unreadable: 'cannot be read',
    disagrees: 'disagrees with the journal',
    'not-kept': 'is not kept for this catalog',
  };
  return html`<section class="journal" aria-labelledby="h-journal">
    <h2 id="h-journal">Journal</h2>
    <p class="muted">
      Everything Lifeboat does is recorded in an append-only journal. Each entry carries the SHA-256 of its
      content and of the entry before it, and the last entry's sequence number and hash are also kept in a
      file beside the catalog, so an edited, removed or truncated entry shows when the journal is verified.
    </p>
    ${
      j.ok
        ? html`<div class="callout good">
            ${icon('good')}
            <div>
              <strong>Verified intact at ${formatTime(j.verifiedAt)}</strong>
              <p>
                ${plural(j.checked, 'entry', 'entries')} re-hashed and linked; no gaps; the head file
                ${headWords[head.state]}.
              </p>
            </div>
          </div>`
        : html`<div class="callout bad">
            ${icon('bad')}
            <div>
              <strong
                >The journal is broken${j.broken?.seq !== undefined ? ` at seq ${j.broken.seq}` : ''}</strong
              >
              <p class="break">${j.broken?.message ?? ''}</p>
              <p>
                Verified at ${formatTime(j.verifiedAt)}; ${plural(j.checked, 'entry', 'entries')} read. What
                this report lists from the catalog may not be trustworthy.
              </p>
            </div>
          </div>`
    }
    <dl class="facts two">
      <dt>Entries</dt>
      <dd>${j.lastSeq ? `seq 1 – ${j.lastSeq}` : 'none yet'}</dd>
      <dt>Head hash</dt>
      <dd class="mono path">${j.headHash}</dd>
      <dt>Head file</dt>
      <dd class="path">
        ${head.path ? html`<span class="mono">${head.path}</span> — ` : ''}${headWords[head.state]}
      </dd>
    </dl>
    ${j.notes.map((n) => html`<p class="small muted break">${n}</p>`)}
  </section>`;
}

export function renderReportHtml(d: ReportData): string {
  const title = d.system ? `Lifeboat evidence report — ${d.system}` : 'Lifeboat evidence report';
  const body = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${trusted(csp)}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="Lifeboat ${d.lifeboatVersion}" />
        <title>${title} (${formatDate(d.generatedAt)})</title>
        <style>
          ${trusted(css)}
        </style>
      </head>
      <body>
        <main>
          ${header(d)} ${tiles(d)} ${overview(d)}
          ${d.systems.map((s) => systemSection(s, d.since, periodWords(d)))} ${journalSection(d)}
          <footer>
            <p>
              Protection is as of the time of this report; the lists cover the period. Restore points come
              from Lifeboat's catalog, a cache of what the repositories hold (lifeboat catalog rebuild
              re-reads them). Times are UTC.
            </p>
            <p>
              Lifeboat ${d.lifeboatVersion} · journal head
              <span class="mono path">${d.journal.headHash}</span>
            </p>
          </footer>
        </main>
      </body>
    </html> `;
  return body.value;
}
