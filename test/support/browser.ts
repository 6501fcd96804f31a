/**
 * A headless browser for the page's tests and the README screenshot: Debian's
 * chromium (apt; .ci/run installs it) through playwright-core, never a download.
 */
import * as fs from 'fs';
import { Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Launches chromium as the tests and the screenshot script do. */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
