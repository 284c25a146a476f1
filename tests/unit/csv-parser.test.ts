// The import's CSV parser (pure, no database): RFC 4180 quoting, every line ending, chunk boundaries anywhere,
// line numbers for the report, and the "cut off inside a quote" signal that makes an import all-or-nothing.
import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError, type CsvRecord } from "@/lib/modules/crm/csv";

function parse(text: string, chunkSizes?: number[]): CsvRecord[] {
  const p = new CsvParser();
  const out: CsvRecord[] = [];
  if (!chunkSizes) out.push(...p.push(text));
  else {
    let i = 0;
    for (const n of chunkSizes) {
      out.push(...p.push(text.slice(i, i + n)));
      i += n;
    }
    out.push(...p.push(text.slice(i)));
  }
  out.push(...p.end());
  return out;
}

const SAMPLE =
  'name,notes\r\n"Doe, Jane","She said ""hi""\r\nthen left"\r\n\r\nBob,plain\rCarl,"x"\n"",\nlast,no newline';

describe("CsvParser", () => {
  it("parses quotes, escaped quotes, embedded newlines, blank lines and mixed line endings", () => {
    expect(parse(SAMPLE)).toEqual([
      { line: 1, fields: ["name", "notes"] },
      { line: 2, fields: ["Doe, Jane", 'She said "hi"\r\nthen left'] },
      { line: 5, fields: ["Bob", "plain"] },
      { line: 6, fields: ["Carl", "x"] },
      { line: 7, fields: ["", ""] },
      { line: 8, fields: ["last", "no newline"] },
    ]);
  });

  it("gives the same records however the text is split into chunks", () => {
    const whole = parse(SAMPLE);
    for (let cut = 1; cut < SAMPLE.length; cut++) expect(parse(SAMPLE, [cut])).toEqual(whole);
    expect(
      parse(
        SAMPLE,
        Array.from({ length: SAMPLE.length }, () => 1),
      ),
    ).toEqual(whole);
  });

  it("reports a value cut off inside its quotes, with the line where it started", () => {
    const p = new CsvParser();
    p.push('a,b\n1,"unfinished\nvalue');
    let err: unknown;
    try {
      p.end();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect(err).toMatchObject({ line: 2 });
  });

  it("uses ; when the header has no comma, and strips a BOM", () => {
    expect(parse("\uFEFFname;email\nA;a@x.test\n")).toEqual([
      { line: 1, fields: ["name", "email"] },
      { line: 2, fields: ["A", "a@x.test"] },
    ]);
    expect(parse("name,email\nA;B,c\n")[1]!.fields).toEqual(["A;B", "c"]);
  });
});
