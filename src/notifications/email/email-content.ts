import { escapeHtml } from '../format';

/** The subject and both bodies of one email. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** One labelled line of an email's facts, for example `Package: My Upload`; `href` makes the value a link in HTML. */
export interface FactRow {
  label: string;
  value: string;
  href?: string;
}

/** Renders fact rows as `Label: value` lines of the plain-text body. */
export function factLines(rows: FactRow[]): string {
  return rows.map((row) => `${row.label}: ${row.value}`).join('\n');
}

/** Renders fact rows as an HTML table, escaping every label, value and link. */
export function factTable(rows: FactRow[]): string {
  const lines = rows.map((row) => {
    const value = row.href === undefined ? escapeHtml(row.value) : `<a href="${escapeHtml(row.href)}">${escapeHtml(row.value)}</a>`;
    return `<tr><th align="left" style="padding-right: 12px">${escapeHtml(row.label)}</th><td>${value}</td></tr>`;
  });
  return `<table>\n${lines.join('\n')}\n</table>`;
}

/** Wraps HTML body content in a minimal document. */
export function htmlDocument(content: string[]): string {
  return `<!DOCTYPE html>\n<html>\n<body style="font-family: sans-serif">\n${content.join('\n')}\n</body>\n</html>\n`;
}
