// CSV for the contact import (client-safe, no dependencies): an incremental RFC 4180 parser fed text chunks
// as they arrive. (Writing CSV is lib/csv.ts.)

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted value may span lines). */
  line: number;
  fields: string[];
}

type State = "start" | "unquoted" | "quoted" | "quoted_quote";

/**
 * Push text chunks, get complete records back. Handles quoted fields with "" escapes and embedded newlines,
 * CRLF/LF/CR line ends, a leading BOM and chunk boundaries anywhere. The delimiter is "," unless the first
 * line has ";" and no "," (a spreadsheet in a comma-decimal locale). end() throws CsvSyntaxError when the text
 * stops inside a quoted value — the signature of a cut-off or damaged file.
 */
export class CsvParser {
  private delimiter = ",";
  private state: State = "start";
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** A CR ended the previous record (or line inside quotes): a following LF belongs to it. */
  private afterCR = false;
  private head: string | null = "";

  push(text: string): CsvRecord[] {
    if (this.head !== null) {
      this.head += text;
      // Decide the delimiter from the whole first line (or once enough text has arrived).
      if (!/[\r\n]/.test(this.head) && this.head.length < 64 * 1024) return [];
      const input = this.head.replace(/^\uFEFF/, "");
      this.head = null;
      const firstLine = input.split(/\r\n|\n|\r/, 1)[0] ?? "";
      if (!firstLine.includes(",") && firstLine.includes(";")) this.delimiter = ";";
      return this.consume(input);
    }
    return this.consume(text);
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.head !== null) {
      const rest = this.head;
      this.head = null;
      out.push(...this.consume(rest.replace(/^\uFEFF/, "")));
    }
    if (this.state === "quoted") {
      throw new CsvSyntaxError(
        `The file ends inside a quoted value that starts on line ${this.quoteLine}: it looks cut off or damaged.`,
        this.quoteLine,
      );
    }
    if (this.state !== "start" || this.fields.length > 0) out.push(...this.finishRecord());
    return out;
  }

  private finishRecord(): CsvRecord[] {
    this.fields.push(this.field);
    const record = { line: this.recordLine, fields: this.fields };
    this.field = "";
    this.fields = [];
    this.state = "start";
    // Blank lines are skipped.
    return record.fields.length === 1 && record.fields[0] === "" ? [] : [record];
  }

  private consume(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.afterCR) {
        this.afterCR = false;
        if (ch === "\n") {
          if (this.state === "quoted") this.field += ch;
          continue;
        }
      }
      if (this.state === "quoted") {
        if (ch === '"') this.state = "quoted_quote";
        else {
          if (ch === "\n" || ch === "\r") {
            this.line++;
            this.afterCR = ch === "\r";
          }
          this.field += ch;
        }
        continue;
      }
      if (this.state === "quoted_quote") {
        if (ch === '"') {
          this.field += '"';
          this.state = "quoted";
          continue;
        }
        this.state = "unquoted"; // the quote closed the value; handle ch below
      }
      if (ch === d) {
        this.fields.push(this.field);
        this.field = "";
        this.state = "start";
      } else if (ch === "\n" || ch === "\r") {
        out.push(...this.finishRecord());
        this.line++;
        this.recordLine = this.line;
        this.afterCR = ch === "\r";
      } else if (ch === '"' && this.state === "start") {
        this.state = "quoted";
        this.quoteLine = this.line;
      } else {
        // Text after a closing quote, or a stray quote inside an unquoted value, is kept as written.
        this.field += ch;
        this.state = "unquoted";
      }
    }
    return out;
  }
}
