import { isIP } from 'node:net';
import path from 'node:path';
import type { SpreadsheetLimits } from './modules/spreadsheets/zip-guard.js';

/** Every setting Sasmita reads, with its default. Environment variables override. */
export interface Config {
  /** Directory for the embedded database, blobs and backups. */
  dataDir: string;
  /** When set, PostgreSQL is used instead of the embedded PGlite. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Kemendagri code of the kabupaten/kota this deployment serves, e.g. "35.13". */
  kabupatenCode: string;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Mark session cookies Secure (set when served over HTTPS). */
  secureCookies: boolean;
  /** Maximum request body in bytes for JSON requests. */
  bodyLimit: number;
  /** Maximum upload size in bytes for files. */
  uploadLimit: number;
  /** Failed logins per account before it is locked for `lockMinutes`. */
  maxFailedLogins: number;
  lockMinutes: number;
  /** Login attempts per IP per minute. */
  loginPerIpPerMinute: number;
  logLevel: string;
  /** Directory of the built web app; served at "/" when it exists. */
  webDist: string;
  /** Serve the public aggregate view (GET /api/v1/public/summary, no login); off by default. */
  publicView: boolean;
  /** The extreme-poverty target drawn on the trend charts: rate in percent, reached by the end of `year`. */
  extremePovertyTarget: { ratePct: number; year: number };
  /**
   * Optional base map under the boundaries (SASMITA_MAP_TILE_URL): an XYZ tile URL template such
   * as `https://tiles.example/{z}/{x}/{y}.png`. Unset: the map is the boundaries alone (no internet needed).
   */
  mapTileUrl: string | undefined;
  /**
   * PostgreSQL URL of the role that owns the tables, used to run migrations (`sasmita migrate`
   * and at startup) when the app itself connects as a narrower runtime role (DATABASE_URL).
   */
  databaseOwnerUrl: string | undefined;
  /** Key that signs the audit anchors (SASMITA_AUDIT_KEY); default: a key file in the data directory. */
  auditKey: string | undefined;
  /** Key file used when auditKey is not set; created with mode 0600 on first use. */
  auditKeyFile: string;
  /** Append-only file of audit anchors outside the database, for operators to copy elsewhere. */
  auditAnchorFile: string;
  /**
   * Limits of every XLSX read (src/modules/spreadsheets/), checked before the file expands:
   * zip entries, expanded size per entry and in total, compression ratio, cell length, rows
   * and columns, and the reader thread's heap and time.
   */
  spreadsheet: SpreadsheetLimits;
  /**
   * Which proxies may set X-Forwarded-For (the client address used by the login rate limit and
   * the audit log); Fastify's `trustProxy`. Off by default: the socket's address is used.
   * SASMITA_TRUST_PROXY: a hop count (`1` = the one reverse proxy in front), or a
   * comma-separated list of proxy addresses/CIDRs (`127.0.0.1,10.0.0.0/8`, also `loopback`,
   * `linklocal`, `uniquelocal`), or `true` to trust every hop (only when no client can reach
   * the server except through the proxy).
   */
  trustProxy: boolean | number | string[];
  /** The address people open the app at (SASMITA_PUBLIC_URL), printed on account slips; default: the address the request came to. */
  publicUrl: string | undefined;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** SASMITA_TRUST_PROXY as Fastify's trustProxy; anything else is refused at start-up. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of entries) {
    const [addr, prefix, extra] = e.split('/');
    const family = isIP(addr ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.has(e) || (family !== 0 && prefixOk && extra === undefined))) {
      throw new Error(`Invalid SASMITA_TRUST_PROXY entry "${e}": use a hop count, true, or proxy addresses/CIDRs separated by commas`);
    }
  }
  return entries.length ? entries : false;
}

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Invalid number in environment: ${value}`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const root = process.cwd();
  const dataDir = path.resolve(overrides.dataDir ?? env.SASMITA_DATA_DIR ?? path.join(root, 'data'));
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.HOST ?? '127.0.0.1',
    port: num(env.PORT, 3000),
    kabupatenCode: env.SASMITA_KABUPATEN ?? '35.13',
    sessionHours: num(env.SASMITA_SESSION_HOURS, 12),
    secureCookies: env.SASMITA_SECURE_COOKIES === '1',
    bodyLimit: num(env.SASMITA_BODY_LIMIT, 1024 * 1024),
    uploadLimit: num(env.SASMITA_UPLOAD_LIMIT, 200 * 1024 * 1024),
    maxFailedLogins: num(env.SASMITA_MAX_FAILED_LOGINS, 5),
    lockMinutes: num(env.SASMITA_LOCK_MINUTES, 15),
    loginPerIpPerMinute: num(env.SASMITA_LOGIN_PER_IP_PER_MINUTE, 30),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.resolve(env.SASMITA_WEB_DIST ?? path.join(root, 'web', 'dist')),
    publicView: env.SASMITA_PUBLIC_VIEW === '1',
    mapTileUrl: env.SASMITA_MAP_TILE_URL || undefined,
    extremePovertyTarget: { ratePct: num(env.SASMITA_TARGET_RATE, 0), year: num(env.SASMITA_TARGET_YEAR, 2024) },
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    auditKey: env.SASMITA_AUDIT_KEY || undefined,
    auditKeyFile: path.resolve(env.SASMITA_AUDIT_KEY_FILE ?? path.join(dataDir, 'audit-anchor.key')),
    auditAnchorFile: path.resolve(env.SASMITA_AUDIT_ANCHOR_FILE ?? path.join(dataDir, 'audit-anchors.jsonl')),
    spreadsheet: {
      maxEntries: num(env.SASMITA_XLSX_MAX_ENTRIES, 1000),
      maxEntryBytes: num(env.SASMITA_XLSX_MAX_ENTRY_MB, 3072) * 2 ** 20,
      maxTotalBytes: num(env.SASMITA_XLSX_MAX_TOTAL_MB, 4096) * 2 ** 20,
      maxRatio: num(env.SASMITA_XLSX_MAX_RATIO, 100),
      maxCellChars: num(env.SASMITA_SHEET_MAX_CELL_CHARS, 32_767),
      maxRows: num(env.SASMITA_SHEET_MAX_ROWS, 1_048_576),
      maxColumns: num(env.SASMITA_SHEET_MAX_COLUMNS, 256),
      heapMb: num(env.SASMITA_XLSX_READER_HEAP_MB, 1024),
      inspectMs: num(env.SASMITA_XLSX_CHECK_SECONDS, 120) * 1000,
      readMs: num(env.SASMITA_XLSX_READ_SECONDS, 1800) * 1000,
    },
    trustProxy: parseTrustProxy(env.SASMITA_TRUST_PROXY),
    publicUrl: env.SASMITA_PUBLIC_URL || undefined,
    ...overrides,
  };
}
