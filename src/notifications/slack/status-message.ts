import type { KnownBlock, MrkdwnElement, SectionBlock } from '@slack/web-api';
import type { DeliverySummary } from '../../domain/delivery';
import { formatBytes, formatCount, outcomeHeadline, singleLine, truncate } from '../format';

/** Failed files listed by name in a Slack message; the rest are counted. */
export const maxSlackFailedFiles = 10;

// Block Kit limits: a header's text is at most 150 characters, a section's
// text at most 3,000 and a field's text at most 2,000.
const maxHeaderLength = 150;
const maxSectionLength = 3000;
const maxFieldLength = 2000;
// Ten failed-file lines of this length fit in one section with room for its title.
const maxFailedLineLength = 280;

/** A Slack message: Block Kit blocks, and the plain fallback text that notifications and old clients show. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Builds the Slack message that reports how a delivery ended. The blocks and
 * the fallback text carry the same facts: outcome, package, destination,
 * counts, the first ten failed files with reasons, and the failure reason.
 */
export function statusMessage(summary: DeliverySummary): SlackMessage {
  const headline = `${outcomeHeadline(summary)}: ${singleLine(summary.packageName)}`;
  const listed = summary.failedFiles.slice(0, maxSlackFailedFiles);
  const notListed = summary.failedCount - listed.length;
  const filesDelivered = `${formatCount(summary.filesDelivered)} of ${formatCount(summary.filesTotal)}`;

  const fields = [field('Package', summary.packageName)];
  if (summary.deliveredName !== summary.packageName) fields.push(field('Delivered as', summary.deliveredName));
  if (summary.portal !== null) fields.push(field('Portal', summary.portal.name));
  fields.push(field('Destination in Iconik', summary.destinationPath));
  fields.push(field('Files delivered', filesDelivered));
  fields.push(field('Data delivered', formatBytes(summary.bytesDelivered)));
  if (summary.failedCount > 0) fields.push(field('Failed files', formatCount(summary.failedCount)));

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, maxHeaderLength) } },
    { type: 'section', fields },
  ];
  const text = [`${headline}.`, `Destination in Iconik: ${singleLine(summary.destinationPath)}.`, `Files delivered: ${filesDelivered} (${formatBytes(summary.bytesDelivered)}).`];

  if (summary.outcome === 'failed' && summary.failureReason !== null) {
    const reason = singleLine(summary.failureReason);
    blocks.push(section(`*Reason the delivery failed*\n${escapeMrkdwn(reason)}`));
    text.push(`Reason the delivery failed: ${reason}.`);
  }

  if (listed.length > 0 || notListed > 0) {
    const lines = listed.map((file) => `• ${escapeMrkdwn(truncate(`${singleLine(file.path)}: ${singleLine(file.reason)}`, maxFailedLineLength))}`);
    const more = notListed > 0 ? `and ${formatCount(notListed)} more` : null;
    if (more !== null) lines.push(more);
    blocks.push(section(`*Failed files*\n${lines.join('\n')}`));

    const fallbackFiles = listed.map((file) => truncate(`${singleLine(file.path)} (${singleLine(file.reason)})`, maxFailedLineLength));
    if (more !== null) fallbackFiles.push(more);
    text.push(`Failed files: ${fallbackFiles.join('; ')}.`);
  }

  const metadataProblems = summary.metadata?.problems ?? [];
  if (metadataProblems.length > 0) {
    const lines = metadataProblems.slice(0, maxSlackFailedFiles).map((problem) => `• ${escapeMrkdwn(truncate(singleLine(problem), maxFailedLineLength))}`);
    if (metadataProblems.length > maxSlackFailedFiles) lines.push(`and ${formatCount(metadataProblems.length - maxSlackFailedFiles)} more`);
    blocks.push(section(`*Metadata problems*\n${lines.join('\n')}`));
    text.push(`Metadata problems: ${formatCount(metadataProblems.length)}.`);
  }

  if (summary.workflowUrl !== null) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${escapeMrkdwn(summary.workflowUrl)}|Open the delivery in the Temporal UI>` }] });
  }

  return { text: escapeMrkdwn(text.join(' ')), blocks };
}

function field(label: string, value: string): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(`*${label}*\n${escapeMrkdwn(singleLine(value))}`, maxFieldLength) };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, maxSectionLength) } };
}

// Cuts escaped text without leaving half an entity such as `&am` before the `…`.
function truncateMrkdwn(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}

/**
 * Escapes the three characters that Slack's mrkdwn gives a meaning (&, <, >),
 * so an uploader's file name cannot mention @channel or hide a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
