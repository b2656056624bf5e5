// The report's look: one inline style sheet and inline SVG icons, so the file is complete on its
// own (no fonts, images or scripts to fetch — it is read at air-gapped sites and archived for
// years). Calm colours; every status is also a word and an icon, so it survives grey-scale
// printing and colour blindness.
import { trusted, type Html } from './html';

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

const paths: Record<Tone, string> = {
  // A check in a circle.
  good: '<circle cx="8" cy="8" r="7"/><path d="M4.8 8.3l2.1 2.1 4.3-4.6" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>',
  // An exclamation mark in a triangle.
  warn: '<path d="M8 1.2l7 12.6H1z"/><path d="M8 6v3.6" stroke="#fff" stroke-width="1.7" stroke-linecap="round"/><circle cx="8" cy="11.8" r="0.95" fill="#fff"/>',
  // A cross in a circle.
  bad: '<circle cx="8" cy="8" r="7"/><path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
  // A dash in a circle.
  neutral:
    '<circle cx="8" cy="8" r="7"/><path d="M5 8h6" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
};

export function icon(tone: Tone): Html {
  return trusted(
    `<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="currentColor">${paths[tone]}</svg>`,
  );
}

/** Four bars, the first `level` of them filled: how critical a system is, at a glance. */
export function levelIcon(level: number): Html {
  const bars = [1, 2, 3, 4]
    .map((i) => {
      const h = 3 + i * 2.5;
      return `<rect x="${(i - 1) * 4 + 0.5}" y="${14 - h}" width="3" height="${h}" rx="0.8" ${i <= level ? '' : 'fill-opacity="0.22"'}/>`;
    })
    .join('');
  return trusted(
    `<svg class="icon" viewBox="0 0 16 15" width="14" height="13" aria-hidden="true" fill="currentColor">${bars}</svg>`,
  );
}

export const css = `
:root {
  --ink: #1d2733; --muted: #5b6675; --line: #d9dfe6; --soft: #f4f6f9; --accent: #1f4e79;
  --good: #1c6b3c; --good-bg: #e5f3ea; --good-line: #b5dcc2;
  --warn: #7a4a00; --warn-bg: #fdf1d8; --warn-line: #efd08c;
  --bad: #9a1f1f; --bad-bg: #fbe7e7; --bad-line: #efb8b8;
  --neutral: #4a5563; --neutral-bg: #eef1f5; --neutral-line: #d3d9e1;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: #fff; color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
main { max-width: 1040px; margin: 0 auto; padding: 40px 40px 56px; }
h1, h2, h3, h4 { color: #14212e; line-height: 1.25; break-after: avoid; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 0; }
h3 { font-size: 15px; margin: 22px 0 8px; }
h4 { font-size: 13px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.mono, code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
.break { overflow-wrap: break-word; }
/* Paths and hashes have no spaces: they may break anywhere, but keep a readable width in tables. */
.path { overflow-wrap: anywhere; }
td.path { min-width: 12em; }
header.report { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
header.report .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 11px; color: var(--accent); font-weight: 700; margin: 0 0 6px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 20px; color: var(--muted); font-size: 12.5px; margin-top: 6px; }
.meta b { color: var(--ink); font-weight: 600; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 0 0 20px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft); break-inside: avoid; }
.tile .n { font-size: 24px; font-weight: 700; line-height: 1.1; display: flex; align-items: center; gap: 8px; }
.tile .n .icon { width: 18px; height: 18px; }
.tile .label { font-size: 12px; color: var(--muted); margin-top: 2px; }
.tile.good .n { color: var(--good); } .tile.warn .n { color: var(--warn); }
.tile.bad .n { color: var(--bad); } .tile.neutral .n { color: var(--neutral); }
table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; font-size: 12.5px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); color: var(--muted); font-weight: 600; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.03em; border-bottom: 1px solid #c8d0da; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.under { margin-top: 4px; }
.status { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px 1px 6px; border-radius: 999px; border: 1px solid; font-weight: 600; font-size: 12px; white-space: nowrap; }
.status .icon { flex: none; }
.status.good { color: var(--good); background: var(--good-bg); border-color: var(--good-line); }
.status.warn { color: var(--warn); background: var(--warn-bg); border-color: var(--warn-line); }
.status.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad-line); }
.status.neutral { color: var(--neutral); background: var(--neutral-bg); border-color: var(--neutral-line); }
.tag { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px 1px 6px; border-radius: 4px; border: 1px solid var(--line); color: #334155; background: #fff; font-weight: 600; font-size: 12px; white-space: nowrap; }
.text-good { color: var(--good); } .text-warn { color: var(--warn); } .text-bad { color: var(--bad); }
section.system { border-top: 1px solid var(--line); margin-top: 30px; padding-top: 18px; }
.system-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 3px 14px; margin: 10px 0 4px; font-size: 13px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
dl.facts.two { grid-template-columns: max-content 1fr; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0 10px; }
.callout { border: 1px solid; border-radius: 8px; padding: 10px 14px; margin: 8px 0; display: flex; gap: 10px; align-items: flex-start; break-inside: avoid; }
.callout .icon { margin-top: 3px; flex: none; }
.callout.good { color: var(--good); background: var(--good-bg); border-color: var(--good-line); }
.callout.bad { color: var(--bad); background: var(--bad-bg); border-color: var(--bad-line); }
.callout.neutral { color: var(--neutral); background: var(--neutral-bg); border-color: var(--neutral-line); }
.callout p { color: var(--ink); }
.callout strong { display: block; }
section.journal { border-top: 3px solid var(--accent); margin-top: 36px; padding-top: 18px; }
footer { margin-top: 28px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 11.5px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table { font-size: 8.5pt; }
  th { font-size: 7.5pt; }
  th, td { padding: 5px 6px; }
  .tiles { gap: 8px; }
  section.system, section.journal { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
`;
