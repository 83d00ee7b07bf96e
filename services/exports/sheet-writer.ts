// The sheet machinery under the month's workbook, kept apart from what the eight sheets say.
//
// Data rows are written as XML straight into the sheet's stream, not through exceljs: exceljs
// commits a row through a model per cell and an XML builder, about 13 µs a row, and the 450,000
// clock-ins of a 5,000-member company spent 6 s there, most of the export's time budget. Rows of
// numbers, text, dates and shared styles need none of that (see DirectRows). Doing so reaches
// into exceljs 4.4's streaming WorksheetWriter: its `stream`, the next row number `_rowZero`, the
// uncommitted `_rows`, `startedData` and the workbook's `styles.addStyleModel`; for backpressure,
// the zip entry piped from that stream and its buffered length. Without the row internals the
// sheet commits rows with `row.commit()` (the cells are the same; exceljs only adds its optional
// `spans` and `dyDescent` to each row), and without the entry it yields a turn instead of waiting
// for the entry to drain. test/integration/month-workbook.test.ts reads the workbook back with
// exceljs and LibreOffice, so a change in what those internals mean breaks it; a fall back is
// silent and shows only as time and memory in bench/month-workbook.ts.
import ExcelJS from 'exceljs';
import { DateTime, IANAZone } from 'luxon';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Style = Partial<ExcelJS.Style>;
export type Value = ExcelJS.CellValue;
export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;
/** How a model value becomes a cell: money in minor units, durations in minutes, dates as ISO text. */
export type Kind = 'text' | 'integer' | 'number' | 'money' | 'date' | 'dateTime' | 'duration';
export type Raw = string | number | null;

/** Every row's own style: shared, so exceljs builds it once rather than once per row. */
const ROW_STYLE: Style = {};
/** Rows committed between two turns of the event loop, so the zip stream drains as we go. */
const ROWS_PER_TURN = 50;
/** Uncompressed sheet XML allowed to wait for deflate before the writer pauses. */
const BUFFERED_BYTES = 4 * 1024 * 1024;
const HOUR_MS = 3_600_000;

/** Where a sheet's header sits and how it prints; labels are final text, widths in characters. */
export interface SheetLayout {
  name: string;
  columns: Array<[label: string, width: number]>;
  headerRow: number;
  /** Columns frozen left of the scrolling part. */
  xSplit: number;
  /** Excel header/footer codes (&L, &C, &P …). */
  footer: string;
  headerStyle: Style;
}

/**
 * One worksheet being written: frozen above its header row and right of `xSplit`, filtered on
 * the header, printed landscape one page wide with the header repeated on every page.
 */
export class Sheet {
  private readonly worksheet: ExcelJS.Worksheet;
  private readonly labels: string[];
  private readonly widths: number[];
  private firstDataRow = 0;
  private lastDataRow = 0;
  private dataRows = 0;
  private direct?: DirectRows | null;

  constructor(workbook: Workbook, private readonly layout: SheetLayout) {
    const { headerRow } = layout;
    this.labels = layout.columns.map(([label]) => label);
    this.widths = layout.columns.map(([label, width]) => Math.max(width, headerWidth(label)));
    this.worksheet = workbook.addWorksheet(layout.name, {
      views: [{ state: 'frozen', xSplit: layout.xSplit, ySplit: headerRow }],
      pageSetup: {
        orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0,
        printTitlesRow: `${headerRow}:${headerRow}`,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: layout.footer },
    });
    this.worksheet.columns = this.widths.map((width) => ({ width }));
  }

  /**
   * Writes and commits one row. Styles are shared objects, one per look (see createStyles), and
   * an empty cell is left out unless its style draws something (a border, a fill).
   */
  put(values: Value[], styles: readonly Style[] = [], height?: number): number {
    this.direct?.flush();
    const row = this.worksheet.addRow([]);
    (row as unknown as { style: Style }).style = ROW_STYLE; // typed as its parts only, but a plain property
    for (let i = 0; i < Math.max(values.length, styles.length); i++) {
      const value = values[i] ?? null;
      const style = styles[i];
      if (value === null && (!style || !(style.border || style.fill))) continue;
      const cell = row.getCell(i + 1);
      if (value !== null) cell.value = value;
      if (style) cell.style = style;
    }
    if (height) row.height = height;
    row.commit();
    return row.number;
  }

  /** The header row, tall enough for its longest label to wrap inside its column. */
  header(): void {
    const lines = Math.max(1, ...this.labels.map((label, i) => wrappedLines(label, this.widths[i]!)));
    this.put(this.labels, this.labels.map(() => this.layout.headerStyle), Math.min(lines, 7) * 13 + 6);
  }

  /** A data row: only numbers, text, dates and empty cells, written straight to the sheet's XML when it can be. */
  async data(values: Value[], styles: readonly Style[]): Promise<void> {
    if (this.direct === undefined) this.direct = DirectRows.of(this.worksheet);
    this.lastDataRow = this.direct ? this.direct.write(values, styles) : this.put(values, styles);
    this.firstDataRow ||= this.lastDataRow;
    this.dataRows += 1;
    if (this.dataRows % ROWS_PER_TURN === 0) await this.drained();
  }

  // exceljs pushes a sheet's XML into its zip entry ignoring backpressure, so a producer faster
  // than deflate would hold the whole sheet in memory. Wait while the entry's input holds more
  // than a few megabytes. (The entry is exceljs's private stream; if that changes, only turn.)
  private async drained(): Promise<void> {
    this.direct?.flush();
    const entry = (this.worksheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
    if (entry && bufferedBytes(entry) > BUFFERED_BYTES && !entry.destroyed) await once(entry, 'drain');
    else await nextTurn();
  }

  /** The totals row under the data: `label` in the second column, a SUM wherever a number is given. */
  totals(label: string, values: Value[], styles: readonly Style[]): void {
    this.put(values.map((value, i): Value => {
      if (i === 1) return label;
      if (typeof value !== 'number' || !this.dataRows) return value;
      const column = columnLetter(i + 1);
      return { formula: `SUM(${column}${this.firstDataRow}:${column}${this.lastDataRow})`, result: value };
    }), styles);
  }

  /** Filters the header, commits the sheet and returns how many data rows it got. */
  finish(): number {
    this.direct?.flush();
    const { headerRow } = this.layout;
    this.worksheet.autoFilter = `A${headerRow}:${columnLetter(this.widths.length)}${Math.max(this.lastDataRow, headerRow)}`;
    this.worksheet.commit();
    return this.dataRows;
  }
}

/**
 * Data rows written as the XML exceljs would write for them (see the top of this file). `of`
 * checks that the internals it uses are there; otherwise the sheet commits rows through exceljs.
 */
class DirectRows {
  private readonly styleIds = new Map<Style, number[]>();
  private pending = '';

  private constructor(private readonly writer: WorksheetWriterInternals) {}

  static of(worksheet: ExcelJS.Worksheet): DirectRows | null {
    const writer = worksheet as unknown as Partial<WorksheetWriterInternals>;
    const usable = typeof writer._rowZero === 'number' && writer._rows?.length === 0 && writer.startedData === true
      && typeof writer.workbook?.styles?.addStyleModel === 'function' && typeof writer.stream?.write === 'function';
    return usable ? new DirectRows(writer as WorksheetWriterInternals) : null;
  }

  write(values: Value[], styles: readonly Style[]): number {
    const number = this.writer._rowZero;
    let xml = `<row r="${number}">`;
    for (let i = 0; i < values.length; i++) xml += this.cell(`${COLUMN_LETTERS[i] ?? columnLetter(i + 1)}${number}`, values[i], styles[i]);
    this.pending += `${xml}</row>`;
    this.writer._rowZero = number + 1;
    if (this.pending.length > 16_384) this.flush();
    return number;
  }

  /** Hands the rows written so far to the sheet's stream (which encodes each write on its own, so rows go in batches). */
  flush(): void {
    if (this.pending) this.writer.stream.write(this.pending);
    this.pending = '';
  }

  private cell(ref: string, value: Value, style: Style | undefined): string {
    if (value === null || value === undefined) return style?.border || style?.fill ? `<c r="${ref}"${this.styleOf(style, ExcelJS.ValueType.Null)}/>` : '';
    if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${this.styleOf(style, ExcelJS.ValueType.Number)}><v>${value}</v></c>` : '';
    if (typeof value === 'string') return `<c r="${ref}"${this.styleOf(style, ExcelJS.ValueType.String)} t="str"><v>${escapeXml(value)}</v></c>`;
    if (value instanceof Date) return `<c r="${ref}"${this.styleOf(style, ExcelJS.ValueType.Date)}><v>${25_569 + value.getTime() / 86_400_000}</v></c>`;
    throw new Error(`A data row holds numbers, text and dates only, not ${JSON.stringify(value)}`);
  }

  private styleOf(style: Style | undefined, type: ExcelJS.ValueType): string {
    if (!style) return '';
    let ids = this.styleIds.get(style);
    if (!ids) this.styleIds.set(style, (ids = []));
    const id = (ids[type] ??= this.writer.workbook.styles.addStyleModel(style, type));
    return id ? ` s="${id}"` : '';
  }
}

/** What DirectRows uses of exceljs's WorksheetWriter (lib/stream/xlsx/worksheet-writer.js, 4.4). */
interface WorksheetWriterInternals {
  stream: { write(xml: string): unknown };
  /** The number the next committed row gets. */
  _rowZero: number;
  /** Rows added and not committed yet. */
  _rows: unknown[];
  /** Set once <sheetData> is open, i.e. after the first row exceljs committed. */
  startedData: boolean;
  workbook: { styles: { addStyleModel(style: Style, valueType: ExcelJS.ValueType): number } };
}

const COLUMN_LETTERS = Array.from({ length: 64 }, (_, i) => columnLetter(i + 1));
const XML_ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
// eslint-disable-next-line no-control-regex -- control characters are not allowed in XML and are dropped, as exceljs does
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g;
const escapeXml = (text: string) => text.replace(XML_SPECIAL, (ch) => XML_ESCAPES[ch] ?? '');

/** Bytes waiting in a writable; archiver's streams are readable-stream 2, which lacks writableLength. */
function bufferedBytes(stream: Writable): number {
  return stream.writableLength ?? (stream as unknown as { _writableState?: { length: number } })._writableState?.length ?? 0;
}

/** Turns model values into cells of their kind, for money of `decimals` and times in `timeZone`. */
export function createCellConverter(decimals: number, timeZone: string): (kind: Kind, raw: Raw) => Value {
  const clock = new ZoneClock(timeZone);
  return (kind, raw) => {
    if (raw === null) return null;
    switch (kind) {
      case 'money': return Number(raw) / 10 ** decimals;
      case 'duration': return Number(raw) / 1440;
      case 'date': return clock.day(String(raw));
      case 'dateTime': return clock.at(String(raw));
      default: return raw;
    }
  };
}

/** Wall-clock times of the company's zone as exceljs dates (exceljs writes a Date's UTC fields). */
class ZoneClock {
  private readonly offsets = new Map<number, number | null>();
  private readonly days = new Map<string, Date>();

  constructor(private readonly zone: string) {
    if (!IANAZone.isValidZone(zone)) throw new Error(`Unknown time zone "${zone}"`);
  }

  at(iso: string): Date {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`Not an ISO instant: "${iso}"`);
    return new Date(ms + this.offsetMinutes(ms) * 60_000);
  }

  /** A yyyy-mm-dd day as a date cell. */
  day(date: string): Date {
    let value = this.days.get(date);
    if (!value) this.days.set(date, (value = new Date(`${date}T00:00:00Z`)));
    return value;
  }

  // luxon is slow per call, so offsets are cached per UTC hour; an hour in which the offset
  // changes (a DST switch) is not cached and each instant in it is computed exactly.
  private offsetMinutes(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const start = this.exact(hour * HOUR_MS);
      offset = start === this.exact(hour * HOUR_MS + HOUR_MS - 1) ? start : null;
      this.offsets.set(hour, offset);
    }
    return offset ?? this.exact(ms);
  }

  private exact(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.zone }).offset;
  }
}

function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

// Column widths are in characters of the default font; a CJK character takes two, bold ~25% more.
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const textWidth = (text: string) => [...text].reduce((width, ch) => width + (CJK.test(ch) ? 2 : 1), 0);

/** Wide enough for the header's longest word (CJK text may break between any two characters). */
function headerWidth(label: string): number {
  const words = label.split(/\s+/).filter((word) => !CJK.test(word));
  return Math.max(0, ...words.map((word) => textWidth(word) * 1.25 + 1.5));
}

function wrappedLines(label: string, width: number): number {
  const capacity = width - 1;
  let lines = 0;
  for (const paragraph of label.split('\n')) {
    lines += 1;
    let used = 0;
    for (const token of paragraph.split(/(\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])/).filter(Boolean)) {
      const size = token.trim() ? textWidth(token) * 1.25 : 1;
      if (used + size > capacity && used > 0 && token.trim()) { lines += 1; used = 0; }
      used += size;
    }
  }
  return lines;
}

/** How many characters a value takes once formatted as its kind shows it. */
export function displayWidth(kind: Kind, raw: Raw, decimals: number): number {
  if (raw === null) return 0;
  if (typeof raw === 'string') return kind === 'date' ? 10 : textWidth(raw);
  const digits = (n: number) => String(Math.floor(Math.abs(n))).length;
  switch (kind) {
    case 'money': {
      const whole = digits(raw / 10 ** decimals);
      return whole + Math.floor((whole - 1) / 3) + (decimals ? decimals + 1 : 0) + (raw < 0 ? 1 : 0);
    }
    case 'duration': return digits(raw / 60) + 3;
    default: return String(raw).length;
  }
}

const THIN_LINE = { style: 'thin', color: { argb: 'FFBFBFBF' } } as const;
/** A thin light-grey line on every side, for the header and the grid's day cells. */
export const CELL_BORDER: Partial<ExcelJS.Borders> = { top: THIN_LINE, left: THIN_LINE, bottom: THIN_LINE, right: THIN_LINE };
export const solidFill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
// A font without a name is drawn in the reader's default font (LibreOffice: a serif).
export const font = (look: Partial<ExcelJS.Font>): Partial<ExcelJS.Font> => ({ name: 'Calibri', family: 2, size: 11, ...look });

// One style object per look, shared by every cell that has it: exceljs recognises a style object
// it has seen and skips building it again, which is most of the cost of a styled cell.
export function createStyles(decimals: number) {
  const fraction = decimals ? `.${'0'.repeat(decimals)}` : '';
  const plain: Record<Kind, Style> = {
    text: {},
    integer: { numFmt: '0' },
    number: { numFmt: 'General' },
    money: { numFmt: `#,##0${fraction};[Red]-#,##0${fraction}` },
    date: { numFmt: 'yyyy-mm-dd' },
    dateTime: { numFmt: 'yyyy-mm-dd hh:mm' },
    duration: { numFmt: '[h]:mm' },
  };
  const totalsLook = { font: font({ bold: true }), fill: solidFill('FFF2F2F2'), border: { top: { style: 'thin', color: { argb: 'FF595959' } } } } satisfies Style;
  return {
    ...plain,
    totals: Object.fromEntries(Object.entries(plain).map(([kind, style]) => [kind, { ...style, ...totalsLook }])) as Record<Kind, Style>,
    title: { font: font({ bold: true, size: 14 }) } as Style,
    subtitle: { font: font({ color: { argb: 'FF404040' } }) } as Style,
    header: { font: font({ bold: true }), fill: solidFill('FFDDE5EE'), border: CELL_BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } } as Style,
    note: { font: font({ italic: true, color: { argb: 'FF404040' } }) } as Style,
  };
}
