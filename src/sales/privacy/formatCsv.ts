// CSV as Excel on a Chinese Windows opens it: UTF-8 with a BOM (without it Excel guesses
// GBK and garbles the Han characters), CRLF line ends, RFC 4180 quoting. A cell that
// starts like a formula is prefixed with ' so that a customer's name or a campaign's
// title can never run as a formula in the spreadsheet (CSV injection).

export type CsvCell = string | number | null | undefined;

export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';
// =, +, - and @ start a formula; a leading tab or CR is the same trick with one more step.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A whole file: the BOM, then one CRLF-ended line per row. */
export function formatCsv(rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + rows.map(formatCsvRow).join('');
}

/** One line, CRLF included (for writers that add rows page by page after CSV_BOM). */
export function formatCsvRow(row: readonly CsvCell[]): string {
  return row.map(formatCsvCell).join(',') + CRLF;
}

export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  // numbers are ours (budgets), never a formula: a negative one stays a number
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
