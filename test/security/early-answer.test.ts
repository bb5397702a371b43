/**
 * An upload refused before its body is read (too large, wrong type) must not leave its
 * keep-alive connection holding the unread rest of the body: the next request on that
 * connection used to hang until the client gave up. The server now closes such a connection.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '../../src/http/server.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let operator: Client;
let ticketId: number;

beforeAll(async () => {
  s = await startTestServer();
  operator = await s.userClient('operator.alassapi', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
  const ticket = await operator.post('/api/v1/kendala', {
    category: 'APLIKASI',
    title: 'Layar kosong',
    description: 'Uji unggah',
    desaCode: '35.13.06.2005',
  });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  ticketId = ticket.body.id;
});

afterAll(async () => {
  await s?.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on the given agent (one socket, kept alive), with the session and CSRF header. */
function send(agent: http.Agent, method: string, path: string, body?: Buffer, contentType?: string): Promise<Answer> {
  const url = new URL(s.baseUrl + path);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        agent,
        headers: {
          [CSRF_HEADER]: CSRF_VALUE,
          cookie: operator.cookie,
          ...(body ? { 'content-type': contentType ?? 'application/octet-stream', 'content-length': body.length } : {}),
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out: the connection hung')));
    // The server may answer and close before the whole body is written: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.end(body);
  });
}

/** A multipart body with one file field holding `data`. */
function multipart(data: Buffer, name: string): { body: Buffer; type: string } {
  const boundary = '----sasmita-uji';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

describe('a refused upload does not hang its connection', () => {
  it('a screenshot over the size limit answers 413, and the next request on a kept-alive agent answers at once', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const png = Buffer.alloc(6 * 1024 * 1024, 0x41);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
      const { body, type } = multipart(png, 'layar.png');
      const refused = await send(agent, 'PUT', `/api/v1/kendala/${ticketId}/screenshot`, body, type);
      expect(refused.status, refused.body).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      const started = Date.now();
      const next = await send(agent, 'GET', '/api/v1/health');
      expect(next.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      agent.destroy();
    }
  });

  it('a screenshot of the wrong type answers 415 and the connection stays usable', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { body, type } = multipart(Buffer.from('bukan gambar '.repeat(200_000)), 'layar.png');
      const refused = await send(agent, 'PUT', `/api/v1/kendala/${ticketId}/screenshot`, body, type);
      expect(refused.status, refused.body).toBe(415);
      const next = await send(agent, 'GET', '/api/v1/health');
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
