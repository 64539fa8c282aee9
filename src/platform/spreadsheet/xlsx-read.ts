import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';

/** What an XML part says, as the names of its elements without their prefixes. */
interface PartHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * A relationship id (`r:id`) by its local name, whatever prefix the writing program chose for its
 * namespace. Every other attribute read here is unqualified, so read by its plain name.
 */
function relationshipId(attributes: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(attributes)) {
    if (key.includes(':') && localName(key) === 'id') return value;
  }
  return undefined;
}

/** A parser of one XML part that hands its events to `handlers`. */
function partParser(handlers: PartHandlers): SaxesParser {
  const parser = new SaxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) =>
    handlers.open?.(localName(tag.name), tag.attributes),
  );
  parser.on('text', (text) => handlers.text?.(text));
  parser.on('cdata', (text) => handlers.text?.(text));
  parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  return parser;
}

/**
 * A workbook's parts, found through the zip's central directory. The directory lists every part
 * before any is read, so the order the writing program stored them in does not matter: a streamed
 * workbook stores its worksheets before the workbook part that names them.
 */
class Package {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, yauzl.Entry>,
  ) {}

  static async open(source: string | Uint8Array): Promise<Package> {
    const options = { lazyEntries: true, autoClose: false };
    const zip =
      typeof source === 'string'
        ? await yauzl.openPromise(source, options)
        : await yauzl.fromBufferPromise(Buffer.from(source), options);
    const entries = new Map<string, yauzl.Entry>();
    try {
      // Part names are case-insensitive (ECMA-376 part 2, 9.1.1.2).
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
    } catch (error) {
      zip.close();
      throw error;
    }
    return new Package(zip, entries);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name.toLowerCase());
    if (entry === undefined) throw new Error(`the workbook has no part ${name}`);
    const stream = await this.zip.openReadStreamPromise(entry);
    // Whole characters: a chunk boundary may fall inside a multi-byte one.
    stream.setEncoding('utf8');
    return stream;
  }

  /** Reads a part through to its end, handing its XML to `handlers`. */
  async read(name: string, handlers: PartHandlers): Promise<void> {
    const parser = partParser(handlers);
    for await (const chunk of await this.stream(name)) parser.write(chunk as string);
    parser.close();
  }

  /** The targets of a part's relationships, by id, and the first target of each type. */
  async relationships(
    part: string,
  ): Promise<{ byId: Map<string, string>; byType: Map<string, string> }> {
    const rels = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
    const byId = new Map<string, string>();
    const byType = new Map<string, string>();
    if (!this.has(rels)) return { byId, byType };
    await this.read(rels, {
      open(name, attributes) {
        if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
        const target = attributes.Target;
        if (target === undefined) return;
        // A target is relative to the folder of the part it belongs to, unless it starts at the root.
        const path = target.startsWith('/')
          ? target.slice(1)
          : posix.normalize(posix.join(posix.dirname(part), target));
        const id = attributes.Id;
        if (id !== undefined) byId.set(id, path);
        const type = (attributes.Type ?? '').split('/').pop() ?? '';
        if (!byType.has(type)) byType.set(type, path);
      },
    });
    return { byId, byType };
  }

  close(): void {
    this.zip.close();
  }
}

/** The text of a string item or inline string: its runs, without phonetic guides. */
class RunText {
  private parts: string[] = [];
  private inText = false;
  private phonetic = 0;

  open(name: string): void {
    if (name === 'rPh') this.phonetic += 1;
    else if (name === 't' && this.phonetic === 0) this.inText = true;
  }

  text(text: string): void {
    if (this.inText) this.parts.push(text);
  }

  close(name: string): void {
    if (name === 'rPh') this.phonetic -= 1;
    else if (name === 't') this.inText = false;
  }

  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}

async function sharedStrings(pkg: Package, part: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (part === undefined || !pkg.has(part)) return strings;
  const run = new RunText();
  await pkg.read(part, {
    open: (name) => run.open(name),
    text: (text) => run.text(text),
    close(name) {
      run.close(name);
      if (name === 'si') strings.push(run.take());
    },
  });
  return strings;
}

/** The part of the workbook's first worksheet, in the order the workbook shows its sheets. */
async function firstWorksheet(
  pkg: Package,
): Promise<{ worksheet: string; strings: string[] } | undefined> {
  const root = await pkg.relationships('');
  const workbook = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
  if (!pkg.has(workbook)) throw new Error('the file holds no workbook');
  let firstSheetId: string | undefined;
  await pkg.read(workbook, {
    open(name, attributes) {
      if (name === 'sheet' && firstSheetId === undefined) firstSheetId = relationshipId(attributes);
    },
  });
  if (firstSheetId === undefined) return undefined;
  const rels = await pkg.relationships(workbook);
  const worksheet = rels.byId.get(firstSheetId);
  if (worksheet === undefined || !pkg.has(worksheet)) {
    throw new Error('the workbook names a first sheet it does not hold');
  }
  return { worksheet, strings: await sharedStrings(pkg, rels.byType.get('sharedStrings')) };
}

/** The zero-based column of a cell reference such as `AB12`. */
function columnOf(reference: string): number {
  let column = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

/** A cell's value as a reader of records expects it: text, a number, a boolean, or empty. */
function cellValue(type: string, value: string, strings: readonly string[]): unknown {
  switch (type) {
    case 's':
      return strings[Number(value)];
    case 'b':
      return value === '1';
    case 'str':
    case 'e':
    case 'inlineStr':
      return value;
    case 'd':
      return value.slice(0, 10);
    default:
      return value === '' ? undefined : Number(value);
  }
}

/** Rows of a worksheet as its XML streams past: each row's cells, by zero-based column. */
class SheetRows {
  readonly done: { row: number; cells: unknown[] }[] = [];
  private row = 0;
  private cells: unknown[] = [];
  private column = -1;
  private type = 'n';
  private value: string[] = [];
  private inValue = false;
  private readonly inline = new RunText();

  constructor(private readonly strings: readonly string[]) {}

  open(name: string, attributes: Record<string, string>): void {
    if (name === 'row') {
      const r = attributes.r;
      this.row = r === undefined ? this.row + 1 : Number(r);
      this.cells = [];
      this.column = -1;
    } else if (name === 'c') {
      const r = attributes.r;
      this.column = r === undefined ? this.column + 1 : columnOf(r);
      this.type = attributes.t ?? 'n';
      this.value = [];
    } else if (name === 'v') {
      this.inValue = true;
    } else {
      this.inline.open(name);
    }
  }

  text(text: string): void {
    if (this.inValue) this.value.push(text);
    else this.inline.text(text);
  }

  close(name: string): void {
    if (name === 'v') {
      this.inValue = false;
    } else if (name === 'c') {
      const text = this.type === 'inlineStr' ? this.inline.take() : this.value.join('');
      this.cells[this.column] = cellValue(this.type, text, this.strings);
    } else if (name === 'row') {
      this.done.push({ row: this.row, cells: this.cells });
    } else {
      this.inline.close(name);
    }
  }
}

/**
 * Reads the first worksheet of a workbook row by row, streamed: its first row names the columns,
 * each later non-empty row is a record keyed by them, numbered as the spreadsheet shows it.
 */
export async function* readXlsx(
  source: string | Uint8Array,
): AsyncGenerator<{ row: number; record: Record<string, unknown> }> {
  const pkg = await Package.open(source);
  try {
    const first = await firstWorksheet(pkg);
    if (first === undefined) return;
    const rows = new SheetRows(first.strings);
    const parser = partParser(rows);
    let columns: string[] | undefined;
    for await (const chunk of await pkg.stream(first.worksheet)) {
      parser.write(chunk as string);
      for (const { row, cells } of rows.done.splice(0)) {
        if (columns === undefined) {
          columns = Array.from(cells, (c) => (c === undefined ? '' : String(c).trim()));
          continue;
        }
        const record: Record<string, unknown> = {};
        let empty = true;
        for (const [index, name] of columns.entries()) {
          if (name === '') continue;
          const value = cells[index];
          if (value !== undefined && value !== '') empty = false;
          record[name] = value;
        }
        if (!empty) yield { row, record };
      }
    }
    parser.close();
  } finally {
    pkg.close();
  }
}
