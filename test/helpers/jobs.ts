import { expect } from 'vitest';
import type { Client } from './server.js';

/** Poll a job through the API until it is no longer RUNNING (at most 60 s); returns the job. */
export async function waitJob(client: Client, jobId: number) {
  for (let i = 0; i < 600; i++) {
    const r = await client.get(`/api/v1/jobs/${jobId}`);
    expect(r.status).toBe(200);
    if (r.body.status !== 'RUNNING') return r.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}
