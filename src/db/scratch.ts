import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  /** Connection URL of the new database (the base URL with its name). */
  url: string;
  /** Drop it, closing any session still connected. */
  drop(): Promise<void>;
}

/** Run one statement on the server of `baseUrl` in a short-lived session. */
export async function onServer(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new PostgreSQL database on the server of `baseUrl`, empty or copied from `template`, for
 * tests and benchmarks that must never touch the database they were pointed at.
 */
export async function createScratchDatabase(baseUrl: string, prefix: string, template?: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(baseUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => onServer(baseUrl, `drop database if exists ${name} with (force)`) };
}
