import type { DeliverySummary } from '../../domain/delivery';
import { countOf, escapeHtml, formatBytes, formatCount, outcomeHeadline, singleLine } from '../format';
import { factLines, factTable, htmlDocument, type EmailContent, type FactRow } from './email-content';

/** Failed files listed by name; the summary carries at most this many, and the email counts the rest. */
export const maxListedFailedFiles = 100;

/**
 * Builds the email that reports how a delivery ended: the outcome in the
 * subject, the destination in Iconik, counts and bytes, every failed file the
 * summary carries with its reason, and why the whole delivery failed when it did.
 */
export function statusEmail(summary: DeliverySummary): EmailContent {
  const name = singleLine(summary.packageName);
  const rows = statusRows(summary);
  const listed = summary.failedFiles.slice(0, maxListedFailedFiles);
  const failedLines = listed.map((file) => ({ path: singleLine(file.path), reason: singleLine(file.reason) }));
  const notListed = summary.failedCount - listed.length;
  const moreLine = notListed > 0 ? `and ${countOf(notListed, 'more failed file', 'more failed files')}` : null;

  const text = [`${openingSentence(summary, name)}\n`, factLines(rows)];
  const html = [`<p>${escapeHtml(openingSentence(summary, name))}</p>`, factTable(rows)];

  if (summary.outcome === 'failed' && summary.failureReason !== null) {
    const reason = singleLine(summary.failureReason);
    text.push(`\nReason the delivery failed: ${reason}`);
    html.push(`<p><strong>Reason the delivery failed:</strong> ${escapeHtml(reason)}</p>`);
  }

  if (failedLines.length > 0 || moreLine !== null) {
    const lines = failedLines.map((file) => `- ${file.path}: ${file.reason}`);
    if (moreLine !== null) lines.push(`- ${moreLine}`);
    text.push(`\nFailed files and reasons:\n${lines.join('\n')}`);

    const items = failedLines.map((file) => `<li><strong>${escapeHtml(file.path)}</strong>: ${escapeHtml(file.reason)}</li>`);
    if (moreLine !== null) items.push(`<li>${moreLine}</li>`);
    html.push(`<h3>Failed files and reasons</h3>\n<ul>\n${items.join('\n')}\n</ul>`);
  }

  for (const list of metadataLists(summary)) {
    text.push(`\n${list.title}:\n${list.lines.map((line) => `- ${line}`).join('\n')}`);
    html.push(`<h3>${escapeHtml(list.title)}</h3>\n<ul>\n${list.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}\n</ul>`);
  }

  return {
    subject: `${outcomeHeadline(summary)}: ${name}`,
    text: `${text.join('\n')}\n`,
    html: htmlDocument(html),
  };
}

/** Returns the metadata problems and the unmapped form fields as titled lists, leaving out empty ones. */
function metadataLists(summary: DeliverySummary): { title: string; lines: string[] }[] {
  const metadata = summary.metadata;
  if (metadata === undefined) return [];
  const lists = [
    { title: 'Metadata problems', lines: metadata.problems.map(singleLine) },
    { title: 'Form fields not mapped to Iconik', lines: metadata.unmappedFields.map(singleLine) },
  ];
  return lists.filter((list) => list.lines.length > 0);
}

function openingSentence(summary: DeliverySummary, name: string): string {
  switch (summary.outcome) {
    case 'completed':
      return `The package "${name}" was delivered to Iconik.`;
    case 'completed_with_failures':
      return `The package "${name}" was delivered to Iconik, but ${countOf(summary.failedCount, 'file')} failed.`;
    case 'failed':
      return `The delivery of the package "${name}" to Iconik failed.`;
  }
}

function statusRows(summary: DeliverySummary): FactRow[] {
  const rows: FactRow[] = [{ label: 'Package', value: singleLine(summary.packageName) }];
  if (summary.deliveredName !== summary.packageName) rows.push({ label: 'Delivered as', value: singleLine(summary.deliveredName) });
  if (summary.portal !== null) rows.push({ label: 'Portal', value: singleLine(summary.portal.name) });
  rows.push({ label: 'Destination in Iconik', value: singleLine(summary.destinationPath) });
  rows.push({ label: 'Files delivered', value: `${formatCount(summary.filesDelivered)} of ${formatCount(summary.filesTotal)}` });
  // The exact count follows a rounded size; below 1 kB the size is already exact.
  const exactBytes = summary.bytesDelivered >= 1000 ? ` (${countOf(summary.bytesDelivered, 'byte')})` : '';
  rows.push({ label: 'Data delivered', value: `${formatBytes(summary.bytesDelivered)}${exactBytes}` });
  rows.push({ label: 'Failed files', value: formatCount(summary.failedCount) });
  return rows;
}
