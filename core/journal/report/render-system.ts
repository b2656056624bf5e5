// One system's section of the report: objectives, protection per scope, restore points,
// verifications, restores carried out and drills.
import type { Protection } from '../../points/protection';
import { formatBytes, formatMs, formatSpan, formatTime, plural } from './format';
import { html, type Html } from './html';
import type {
  Evidence,
  ReportDrill,
  ReportPoint,
  ReportRestore,
  ReportScope,
  ReportSystem,
} from './report-data';
import { icon, levelIcon, type Tone } from './style';

export function status(tone: Tone, text: string): Html {
  return html`<span class="status ${tone}">${icon(tone)}${text}</span>`;
}

export const protectionStatus: Record<Protection, [Tone, string]> = {
  fresh: ['good', 'Fresh'],
  stale: ['warn', 'Stale'],
  none: ['bad', 'No restore point'],
};

export function protection(p: Protection): Html {
  const [tone, text] = protectionStatus[p];
  return status(tone, text);
}

const evidenceStatus: Record<Evidence, [Tone, string]> = {
  verified: ['good', 'Verified'],
  checked: ['neutral', 'Partly checked'],
  damaged: ['bad', 'Damage found'],
  unverified: ['neutral', 'Not verified'],
};

export function evidence(e: Evidence): Html {
  const [tone, text] = evidenceStatus[e];
  return status(tone, text);
}

const criticalityLevel: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Criticality is a property, not a status: a neutral tag with a level gauge, no warning colours. */
export function criticality(c: string, words: 'short' | 'long' = 'short'): Html {
  const name = `${c[0]?.toUpperCase() ?? ''}${c.slice(1)}`;
  const text = words === 'short' ? name : c === 'critical' ? 'Business-critical' : `${name} criticality`;
  return html`<span class="tag" title="Criticality: ${c}"
    >${levelIcon(criticalityLevel[c] ?? 0)}${text}</span
  >`;
}

function facts(s: ReportSystem): Html {
  return html`<dl class="facts">
    <dt>Owner</dt>
    <dd>${s.ownerTeam}${s.ownerContact ? html` · ${s.ownerContact}` : ''}</dd>
    <dt>Repository</dt>
    <dd>${s.repository}</dd>
    <dt>RPO</dt>
    <dd>${s.rpo.text} <span class="muted small">(data loss allowed)</span></dd>
    <dt>RTO</dt>
    <dd>${s.rto.text} <span class="muted small">(time to recover)</span></dd>
    <dt>Drills</dt>
    <dd>${s.drillEvery ? `every ${s.drillEvery.text}` : 'no objective set'}</dd>
    <dt>Scopes</dt>
    <dd>${s.scopes.length}</dd>
  </dl>`;
}

function scopeRow(sc: ReportScope, rpoText: string): Html {
  const gap = sc.longestGap;
  return html`<tr>
    <td class="mono path">${sc.scope}</td>
    <td>${protection(sc.protection)}</td>
    <td>
      ${
        sc.newest
          ? html`${formatTime(sc.newest.time)}<br /><span class="muted small"
                >${formatSpan(sc.newest.ageSeconds)} ago · RPO ${rpoText}</span
              >`
          : html`<span class="muted">never</span>`
      }
    </td>
    <td class="num">${sc.pointsInPeriod}</td>
    <td>
      ${
        gap
          ? html`<span class="${gap.overRpo ? 'text-warn' : ''}">${formatSpan(gap.seconds)}</span
              >${gap.overRpo ? html` <span class="small text-warn">over RPO</span>` : ''}`
          : html`<span class="muted">—</span>`
      }
    </td>
    <td>
      ${
        sc.lastVerified
          ? html`${formatTime(sc.lastVerified.verifiedAt)}<br /><span class="muted small mono"
                >${sc.lastVerified.shortId}</span
              >`
          : html`<span class="muted">never</span>`
      }
    </td>
  </tr>`;
}

function protectionTable(s: ReportSystem): Html {
  return html`<h3>Protection</h3>
    <table>
      <thead>
        <tr>
          <th>Scope</th>
          <th>Status</th>
          <th>Newest restore point</th>
          <th class="num">Points</th>
          <th>Longest gap</th>
          <th>Last verified (all data)</th>
        </tr>
      </thead>
      <tbody>
        ${s.scopes.map((sc) => scopeRow(sc, s.rpo.text))}
      </tbody>
    </table>`;
}

function pointRow(p: ReportPoint): Html {
  return html`<tr>
    <td class="mono">${p.shortId}</td>
    <td class="nowrap">${formatTime(p.time)}</td>
    <td class="num">${formatSpan(p.ageSeconds)}</td>
    <td class="num">
      ${
        p.gapSeconds === undefined
          ? html`<span class="muted">first</span>`
          : p.gapOverRpo
            ? html`<span class="text-warn"
                >${icon('warn')} ${formatSpan(p.gapSeconds)}<br /><span class="small">over RPO</span></span
              >`
            : formatSpan(p.gapSeconds)
      }
    </td>
    <td class="num">${formatBytes(p.bytes)}</td>
    <td class="num">${p.files.toLocaleString('en-US')}</td>
    <td>${evidence(p.evidence)}</td>
  </tr>`;
}

function pointsSection(s: ReportSystem, periodWords: string): Html {
  return html`<h3>Restore points</h3>
    ${s.scopes.map(
      (sc) =>
        html`<h4 class="mono path">${sc.scope}</h4>
          ${
            sc.points.length === 0
              ? html`<p class="empty">No restore points${periodWords}.</p>`
              : html`<table>
                    <thead>
                      <tr>
                        <th>Point</th>
                        <th>Taken</th>
                        <th class="num">Age</th>
                        <th class="num">Since previous</th>
                        <th class="num">Size</th>
                        <th class="num">Files</th>
                        <th>Evidence</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${sc.points.map(pointRow)}
                    </tbody>
                  </table>
                  ${sc.pointsInPeriod > sc.points.length ? html`<p class="muted small">The newest ${sc.points.length} of ${sc.pointsInPeriod} restore points${periodWords}; the counts and the longest gap above cover all of them.</p>` : ''}`
          }`,
    )}`;
}

function verificationsSection(s: ReportSystem, since: string | undefined, periodWords: string): Html {
  const rows = s.scopes.flatMap((sc) =>
    sc.points
      .filter((p) => p.verification && (!since || Date.parse(p.verification.at) >= Date.parse(since)))
      .map((p) => ({ scope: sc.scope, p, v: p.verification! })),
  );
  return html`<h3>Verifications</h3>
    ${
      rows.length === 0
        ? html`<p class="empty">
            No verifications recorded${periodWords}. A restore point counts as verified only once all its data
            has been re-read from the repository (lifeboat verify POINT --read-data).
          </p>`
        : html`<table>
              <thead>
                <tr>
                  <th>Point</th>
                  <th>Scope</th>
                  <th>Checked</th>
                  <th>How</th>
                  <th class="num">Blobs</th>
                  <th class="num">Read</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  ({ scope, p, v }) =>
                    html`<tr>
                      <td class="mono">${p.shortId}</td>
                      <td class="mono path">${scope}</td>
                      <td class="nowrap">${formatTime(v.at)}</td>
                      <td>
                        ${v.mode === 'read-data' ? 'all data re-read' : v.mode === 'sample' ? 'a sample of the data' : 'structure only'}
                      </td>
                      <td class="num">${v.checkedBlobs.toLocaleString('en-US')}</td>
                      <td class="num">${formatBytes(v.bytesRead)}</td>
                      <td>
                        ${v.ok ? status('good', 'No damage') : status('bad', `${plural(v.damage, 'damaged item')}`)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <p class="muted small">The last verification of each restore point listed above.</p>`
    }`;
}

const restoreTone: Record<ReportRestore['state'], Tone> = {
  Succeeded: 'good',
  PartiallyFailed: 'warn',
  Failed: 'bad',
  Cancelled: 'neutral',
  Interrupted: 'bad',
  Running: 'neutral',
};

function restoreRow(r: ReportRestore, rtoText: string): Html {
  const { done, failed, notDone } = r.counts;
  return html`<tr>
    <td class="nowrap">
      ${formatTime(r.startedAt)}<br /><span class="muted small mono">${r.id.slice(0, 8)}</span>
    </td>
    <td>
      ${status(restoreTone[r.state], r.state === 'PartiallyFailed' ? 'Partly failed' : r.state)}${
        r.error ? html`<div class="small text-bad break">${r.error.message}</div>` : ''
      }
    </td>
    <td class="path">
      <span class="mono">${r.scope}</span>${
        r.inPlace
          ? html` <span class="muted small">in place</span>`
          : html`<br /><span class="muted small">alongside →</span>
              <span class="mono">${r.destination}</span>`
      }<br /><span class="muted small"
        >point <span class="mono">${r.pointShortId}</span> · by ${r.actor}</span
      >
    </td>
    <td class="num">
      ${done}
      done${failed ? html`<br /><span class="text-bad">${failed} failed</span>` : ''}${notDone ? html`<br /><span class="muted">${notDone} not done</span>` : ''}
    </td>
    <td class="num">
      ${
        r.durationMs === undefined
          ? html`<span class="muted">—</span>`
          : html`${formatMs(r.durationMs)}${
              r.withinRto === undefined
                ? ''
                : html`<br /><span class="small ${r.withinRto ? 'text-good' : 'text-warn'}"
                      >${r.withinRto ? 'within' : 'over'} RTO ${rtoText}</span
                    >`
            }`
      }
    </td>
    <td class="small">
      ${r.safetyPointShortId ? html`safety point <span class="mono">${r.safetyPointShortId}</span>` : html`<span class="muted">no safety point needed</span>`}${
        r.undoOf ? html`<br />undoes <span class="mono">${r.undoOf.slice(0, 8)}</span>` : ''
      }${r.undoneBy ? html`<br />undone by <span class="mono">${r.undoneBy.slice(0, 8)}</span>` : ''}
    </td>
  </tr>`;
}

function restoresSection(s: ReportSystem, periodWords: string): Html {
  return html`<h3>Restores carried out</h3>
    ${
      s.restores.length === 0
        ? html`<p class="empty">No restores carried out${periodWords}.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>Started</th>
                <th>Outcome</th>
                <th>What</th>
                <th class="num">Items</th>
                <th class="num">Took</th>
                <th>Safety and undo</th>
              </tr>
            </thead>
            <tbody>
              ${s.restores.map((r) => restoreRow(r, s.rto.text))}
            </tbody>
          </table>`
    }`;
}

const drillTone: Record<ReportDrill['outcome'], Tone> = {
  passed: 'good',
  failed: 'bad',
  cancelled: 'neutral',
  running: 'neutral',
};

function drillsSection(s: ReportSystem, periodWords: string): Html {
  const objective = s.drillEvery
    ? `The objective is a drill every ${s.drillEvery.text}.`
    : 'No drill interval is set for this system.';
  return html`<h3>Drills</h3>
    ${
      s.drills.length === 0
        ? html`<p class="empty">No drills recorded${periodWords}. ${objective}</p>`
        : html`<table>
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Kind</th>
                  <th>Outcome</th>
                  <th class="num">Restore took</th>
                  <th>Summary</th>
                </tr>
              </thead>
              <tbody>
                ${s.drills.map(
                  (d) =>
                    html`<tr>
                      <td class="nowrap">${formatTime(d.startedAt)}</td>
                      <td>${d.kind}</td>
                      <td>${status(drillTone[d.outcome], d.outcome)}</td>
                      <td class="num">
                        ${d.restoreSeconds === undefined ? '—' : `${formatSpan(d.restoreSeconds)} (RTO ${s.rto.text})`}
                      </td>
                      <td class="break">${d.summary ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <p class="muted small">${objective}</p>`
    }`;
}

export function systemSection(s: ReportSystem, since: string | undefined, periodWords: string): Html {
  return html`<section class="system" id="system-${s.name}" aria-labelledby="h-${s.name}">
    <div class="system-head">
      <h2 id="h-${s.name}">${s.name}</h2>
      ${protection(s.protection)} ${criticality(s.criticality, 'long')}
    </div>
    ${s.description ? html`<p class="muted break">${s.description}</p>` : ''} ${facts(s)}
    ${protectionTable(s)} ${pointsSection(s, periodWords)} ${verificationsSection(s, since, periodWords)}
    ${restoresSection(s, periodWords)} ${drillsSection(s, periodWords)}
  </section>`;
}
