/** Debian's chromium and the flags every browser test runs it with (test/e2e/harness.ts, test/global-setup.ts). */
export const CHROMIUM = '/usr/bin/chromium';

export const BROWSER_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
