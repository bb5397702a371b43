import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition, csvField, csvLine, neutraliseCell, streamCsv, streamXlsx } from './spreadsheet.js';

describe('neutraliseCell', () => {
  it('prefixes strings a spreadsheet would evaluate with an apostrophe', () => {
    expect(neutraliseCell('=HYPERLINK("http://x","klik")')).toBe(`'=HYPERLINK("http://x","klik")`);
    expect(neutraliseCell('+6281234')).toBe("'+6281234");
    expect(neutraliseCell('-2+3')).toBe("'-2+3");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell('\rx')).toBe("'\rx");
  });

  it('leaves other values unchanged', () => {
    expect(neutraliseCell('SITI AMINAH')).toBe('SITI AMINAH');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(null)).toBeNull();
    expect(neutraliseCell(true)).toBe(true);
    const d = new Date('2024-01-02T00:00:00Z');
    expect(neutraliseCell(d)).toBe(d);
  });
});

describe('csvLine', () => {
  it('quotes per RFC 4180 and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, undefined, 3, false])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,,3,false\r\n',
    );
  });

  it('neutralises formulas, also when they need quoting', () => {
    expect(csvLine(['=1+1', '=SUM(A1,A2)'])).toBe(`'=1+1,"'=SUM(A1,A2)"\r\n`);
    expect(csvField('\rx')).toBe(`"'\rx"`);
  });

  it('writes dates as ISO timestamps', () => {
    expect(csvLine([new Date('2024-02-03T04:05:06.000Z')])).toBe('2024-02-03T04:05:06.000Z\r\n');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('keluarga.csv')).toBe(`attachment; filename="keluarga.csv"; filename*=UTF-8''keluarga.csv`);
    expect(contentDisposition('daftar "é".csv')).toBe(`attachment; filename="daftar ___.csv"; filename*=UTF-8''daftar%20%22%C3%A9%22.csv`);
    expect(contentDisposition("it's (1)*.csv")).toContain(`filename*=UTF-8''it%27s%20%281%29%2A.csv`);
  });
});

async function* generate(n: number): AsyncIterable<unknown[]> {
  for (let i = 1; i <= n; i++) yield [i, i === 2 ? '=cmd|calc' : `NAMA ${i}`, i % 2 === 0, new Date(Date.UTC(2024, 0, i))];
}

async function* failing(): AsyncIterable<unknown[]> {
  yield [1, 'SATU'];
  throw new Error('database went away');
}

describe('streaming writers over HTTP', () => {
  const app = Fastify({ logger: false });
  const finished: { name: string; rows: number; completed: boolean }[] = [];
  let base = '';

  beforeAll(async () => {
    app.get('/csv', async (_req, reply) => {
      await streamCsv(reply, 'daftar keluarga.csv', ['No', 'Nama', 'Flag', 'Tanggal'], generate(3), {
        onFinish: async (r) => {
          finished.push({ name: 'csv', ...r });
        },
      });
      return reply;
    });
    app.get('/xlsx', async (_req, reply) => {
      await streamXlsx(reply, 'daftar.xlsx', 'Keluarga', ['No', 'Nama', 'Flag', 'Tanggal'], generate(2500), {
        onFinish: async (r) => {
          finished.push({ name: 'xlsx', ...r });
        },
      });
      return reply;
    });
    app.get('/xlsx-styled', async (_req, reply) => {
      await streamXlsx(reply, 'gaya.xlsx', 'Keluarga', ['No', 'Nama', 'Flag', 'Tanggal'], generate(3), { styles: true });
      return reply;
    });
    app.get('/endless', async (_req, reply) => {
      await streamCsv(reply, 'x.csv', ['No', 'Nama'], generate(10_000_000), {
        onFinish: async (r) => {
          finished.push({ name: 'endless', ...r });
        },
      });
      return reply;
    });
    app.get('/broken', async (_req, reply) => {
      await streamCsv(reply, 'x.csv', ['No', 'Nama'], failing(), {
        onFinish: async (r) => {
          finished.push({ name: 'broken', ...r });
        },
      });
      return reply;
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('streams CSV with BOM, headers and neutralised cells', async () => {
    const res = await fetch(`${base}/csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('filename="daftar keluarga.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'No,Nama,Flag,Tanggal\r\n' +
        '1,NAMA 1,false,2024-01-01T00:00:00.000Z\r\n' +
        "2,'=cmd|calc,true,2024-01-02T00:00:00.000Z\r\n" +
        '3,NAMA 3,false,2024-01-03T00:00:00.000Z\r\n',
    );
    expect(finished).toContainEqual({ name: 'csv', rows: 3, completed: true });
  });

  it('streams an XLSX that reads back with every row and neutralised cells', async () => {
    const res = await fetch(`${base}/xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Keluarga');
    expect(ws?.rowCount).toBe(2501);
    expect(ws?.getRow(1).values).toEqual([undefined, 'No', 'Nama', 'Flag', 'Tanggal']);
    expect(ws?.getCell('B3').value).toBe("'=cmd|calc");
    expect(ws?.getCell('B3').formula).toBeUndefined();
    expect(ws?.getCell('A2501').value).toBe(2500);
    expect(ws?.getCell('C3').value).toBe(true);
    expect(ws?.getCell('D2').value).toBe('2024-01-01T00:00:00.000Z');
    expect(finished).toContainEqual({ name: 'xlsx', rows: 2500, completed: true });
  });

  it('writes a bold header and real date cells when asked for styles', async () => {
    const res = await fetch(`${base}/xlsx-styled`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Keluarga');
    expect(ws?.getCell('A1').font?.bold).toBe(true);
    expect(ws?.getCell('D2').value).toEqual(new Date(Date.UTC(2024, 0, 1)));
    expect(ws?.getCell('B3').value).toBe("'=cmd|calc");
  });

  it('stops producing rows when the client goes away, and reports the export incomplete', async () => {
    const abort = new AbortController();
    const res = await fetch(`${base}/endless`, { signal: abort.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    abort.abort();
    await expect.poll(() => finished.find((f) => f.name === 'endless'), { timeout: 10_000 }).toBeDefined();
    const endless = finished.find((f) => f.name === 'endless');
    expect(endless?.completed).toBe(false);
    expect(endless?.rows).toBeLessThan(10_000_000);
  });

  it('cuts the download off when producing rows fails, and reports it incomplete', async () => {
    const res = await fetch(`${base}/broken`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(finished).toContainEqual({ name: 'broken', rows: 1, completed: false });
  });
});
