import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Every route of the OpenAPI document, called by an admin with malformed values in each query
 * parameter, path parameter and JSON body field (NUL, lone surrogates, integers beyond int4,
 * impossible dates, huge strings): none may answer 500. Generated from the route list, so a new
 * route is covered without anyone remembering to.
 */

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin1', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(async () => s?.close());

type Sch = {
  type?: string | string[];
  properties?: Record<string, Sch>;
  required?: string[];
  items?: Sch;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  anyOf?: Sch[];
  minimum?: number;
};
function sample(sc: Sch | undefined, depth = 0): unknown {
  if (!sc || depth > 4) return null;
  if (sc.anyOf) return sample(sc.anyOf[0], depth + 1);
  if (sc.enum) return sc.enum[0];
  const t = Array.isArray(sc.type) ? sc.type[0] : sc.type;
  if (t === 'object') return Object.fromEntries(Object.entries(sc.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
  if (t === 'array') return [sample(sc.items, depth + 1)];
  if (t === 'integer' || t === 'number') return 1;
  if (t === 'boolean') return true;
  if (sc.format === 'date' || /\\d\{4\}-/.test(sc.pattern ?? '')) return '2026-01-01';
  if (sc.pattern?.includes('\\d{2}(')) return '35.13';
  return 'abc';
}
function mutations(sc: Sch | undefined, path: string[] = [], depth = 0): Array<{ path: string[]; value: unknown }> {
  if (!sc || depth > 4) return [];
  if (sc.anyOf) return mutations(sc.anyOf[0], path, depth + 1);
  const t = Array.isArray(sc.type) ? sc.type[0] : sc.type;
  if (t === 'object') return Object.entries(sc.properties ?? {}).flatMap(([k, v]) => mutations(v, [...path, k], depth + 1));
  if (t === 'array') return mutations(sc.items, [...path, '0'], depth + 1);
  if (t === 'integer' || t === 'number')
    return [
      { path, value: 2147483648 },
      { path, value: 9007199254740991 },
      { path, value: -2147483649 },
      { path, value: 1e300 },
    ];
  if (t === 'string')
    return [
      { path, value: '2024-02-30' },
      { path, value: 'x'.repeat(100000) },
      { path, value: '\ud800' },
      { path, value: 'a\u0000' },
      { path, value: '99999-12-31' },
    ];
  return [];
}
function setAt(obj: any, path: string[], value: unknown) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (o[k] == null || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  }
  o[path[path.length - 1]!] = value;
}

it('no route answers 500 to malformed input', async () => {
  const doc = (await admin.get('/api/docs/json')).body as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Array<{ in: string; name: string; schema?: Sch }>; requestBody?: { content?: Record<string, { schema?: Sch }> } }
      >
    >;
  };
  const bad = new Set<string>();
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const url = p.replace(/\{(\w+)\}/g, '1');
      const qps = (op.parameters ?? []).filter((x) => x.in === 'query');
      for (const qp of qps) {
        for (const v of [
          // Sent as they are, already percent-encoded.
          '2147483648',
          '2024-02-30',
          '9007199254740991',
          '99999-01-01',
          '-1',
          '1%2C2%2C%2C',
          'ZZZ',
          '35.13.99.9999',
          'a%00',
          '%ED%A0%80',
        ]) {
          const r = await admin.request(method.toUpperCase(), `${url}?${qp.name}=${v}`);
          if (r.status >= 500) bad.add(`${r.status} ${method} ${url}?${qp.name}=${v}`);
        }
      }
      for (const pp of (op.parameters ?? []).filter((x) => x.in === 'path')) {
        for (const v of ['2147483648', '9007199254740991', '%00', '%ED%A0%80']) {
          const r = await admin.request(method.toUpperCase(), p.replace(`{${pp.name}}`, v).replace(/\{(\w+)\}/g, '1'));
          if (r.status >= 500) bad.add(`${r.status} ${method} path ${pp.name}=${v} ${p}`);
        }
      }
      const sc = op.requestBody?.content?.['application/json']?.schema;
      if (sc) {
        for (const m of mutations(sc)) {
          const body = sample(sc) as object;
          setAt(body, m.path, m.value);
          const r = await admin.request(method.toUpperCase(), url, body);
          if (r.status >= 500) bad.add(`${r.status} ${method} ${url} body ${m.path.join('.')}=${String(m.value).slice(0, 20)}`);
        }
      }
    }
  }
  expect([...bad]).toEqual([]);
}, 600_000);
