import type { BrowserContextOptions, CDPSession, Page } from 'playwright-core';

/**
 * The cheap Android phone the field pages are measured on (docs/phone-profile.md):
 * shared by the browser test test/e2e/pwa.test.ts and the benchmark bench/field-load.ts.
 */
export const PHONE_CONTEXT: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
  serviceWorkers: 'allow',
};

export interface NetworkProfile {
  name: string;
  downloadThroughput: number;
  uploadThroughput: number;
  latency: number;
  cpuRate: number;
}

export const FAST_3G: NetworkProfile = { name: 'fast 3G', downloadThroughput: 200_000, uploadThroughput: 93_750, latency: 150, cpuRate: 4 };
export const SLOW_3G: NetworkProfile = { name: 'slow 3G', downloadThroughput: 50_000, uploadThroughput: 50_000, latency: 400, cpuRate: 4 };

/** Throttle the page's network and CPU through CDP, and count what it transfers. */
export async function throttle(page: Page, profile: NetworkProfile): Promise<{ cdp: CDPSession; bytes(): number; requests(): number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.downloadThroughput,
    uploadThroughput: profile.uploadThroughput,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuRate });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  return { cdp, bytes: () => bytes, requests: () => requests };
}
