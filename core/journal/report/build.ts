// report.build: collect, render, and for a PDF print — one file with a name to save it under.
import type { ParsedInput } from '../../api/contract';
import type { Services } from '../../api/handlers/types';
import type { ReportFile } from '../../api/schemas/report';
import { collectReport } from './collect';
import { htmlToPdf, type PdfOptions } from './pdf';
import { renderReportHtml } from './render';

export function reportFilename(format: 'html' | 'pdf', now: Date, system?: string): string {
  return `lifeboat-report${system ? `-${system}` : ''}-${now.toISOString().slice(0, 10)}.${format}`;
}

export async function buildReport(
  s: Services,
  input: ParsedInput<'report.build'>,
  opts: PdfOptions & { now?: Date } = {},
): Promise<ReportFile> {
  const now = opts.now ?? new Date();
  const data = collectReport(s, {
    ...(input.system ? { system: input.system } : {}),
    ...(input.since ? { since: input.since } : {}),
    now,
  });
  const page = renderReportHtml(data);
  const filename = reportFilename(input.format, now, input.system);
  if (input.format === 'html') {
    return { format: 'html', filename, contentType: 'text/html; charset=utf-8', text: page };
  }
  const pdf = await htmlToPdf(page, opts);
  return { format: 'pdf', filename, contentType: 'application/pdf', base64: pdf.toString('base64') };
}
