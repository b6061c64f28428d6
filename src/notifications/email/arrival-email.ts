import type { Package } from '../../domain/package';
import { countOf, escapeHtml, formatBytes, isWebUrl, singleLine } from '../format';
import { factLines, factTable, htmlDocument, type EmailContent, type FactRow } from './email-content';

/** Builds the email that informs recipients that a package arrived: its name, sender, portal, size and download link. */
export function arrivalEmail(pkg: Package): EmailContent {
  const name = singleLine(pkg.name);
  const rows: FactRow[] = [
    { label: 'Package', value: name },
    { label: 'Sender', value: pkg.uploaderEmail },
  ];
  if (pkg.portal !== null) rows.push({ label: 'Portal', value: singleLine(pkg.portal.name) });
  rows.push({ label: 'Files', value: countOf(pkg.fileCount, 'file') });
  rows.push({ label: 'Total size', value: formatBytes(pkg.totalBytes) });
  if (pkg.downloadUrl !== null) {
    rows.push(isWebUrl(pkg.downloadUrl) ? { label: 'Download', value: pkg.downloadUrl, href: pkg.downloadUrl } : { label: 'Download', value: pkg.downloadUrl });
  }

  const opening = `The package "${name}" has arrived.`;
  const closing = 'It is being delivered to Iconik now. A second email will report the result.';
  return {
    subject: `Package received: ${name}`,
    text: `${opening}\n\n${factLines(rows)}\n\n${closing}\n`,
    html: htmlDocument([`<p>The package <strong>${escapeHtml(name)}</strong> has arrived.</p>`, factTable(rows), `<p>${closing}</p>`]),
  };
}
