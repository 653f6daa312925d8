/**
 * A table as CSV (RFC 4180) that a spreadsheet opens without running anything: a cell starting with
 * = + - @ tab or CR is prefixed with a quote so it is read as text, never as a formula.
 */
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  return `${[columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
