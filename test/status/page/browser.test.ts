/**
 * The page in a real browser: Debian's chromium (installed by .ci/run), driven
 * headless through playwright-core with its executable path (no download).
 */
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/browser';
import { statusContext } from '../../../src/contract/sync-contract';
import { serveFleet, ServedFleet } from './serve-fleet';

const XSS = '<img src=x onerror=alert(1)>';

describe('the status page in chromium', () => {
  let browser: Browser;
  const running: ServedFleet[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const fleet of running.splice(0)) await fleet.close();
  });

  async function open(fleet: ServedFleet, path = '/'): Promise<{ page: Page; dialogs: string[] }> {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${fleet.server.url}${path}`);
    await page.locator('#live', { hasText: /^live/ }).waitFor();
    return { page, dialogs };
  }

  const stateOf = (page: Page, id: string) => page.locator(`tr[data-id="${id}"]`).getAttribute('data-state');

  it('GIVEN the page open WHEN a controller event fails a cluster with markup in its message THEN the row turns failed without a reload, the message shows as text and nothing runs', async () => {
    const fleet = await serveFleet();
    running.push(fleet);
    const { page, dialogs } = await open(fleet);
    expect(await stateOf(page, 'cluster-a')).toBe('awaiting-sync');
    expect(await page.locator('#summary').innerText()).toContain('awaiting sync 2');
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 1;
    });

    expect(
      await fleet.fluxEvent(
        'cluster-a',
        'error',
        'HealthCheckFailed',
        `HelmRelease/org-a/app dry-run failed: ${XSS}`,
        '2026-05-31T23:58:00Z',
      ),
    ).toBe(202);
    await page.locator('tr[data-id="cluster-a"][data-state="failed"]').waitFor();

    const row = page.locator('tr[data-id="cluster-a"]');
    expect(await row.locator('td').nth(2).innerText()).toContain('failed');
    expect(await row.innerText()).toContain(XSS);
    expect(await row.locator('img').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#summary').innerText()).toContain('failed 1');
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1); // no reload
    await page.waitForTimeout(300); // an onerror would have fired by now
    expect(dialogs).toEqual([]);
  });

  it('GIVEN the page WHEN a state and a glob are chosen THEN only matching rows show and the URL keeps the filter, which the server applies on reload', async () => {
    const fleet = await serveFleet();
    running.push(fleet);
    expect(
      await fleet.status(
        statusContext('flux', 'cluster-b'),
        'success',
        'reconciliation succeeded',
        '2026-05-31T23:55:00Z',
      ),
    ).toBe(202);
    const { page } = await open(fleet);
    await page.locator('input[name="state"][value="applied"]').check();
    expect(
      await page
        .locator('tbody tr:not([hidden])')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))),
    ).toEqual(['cluster-b']);
    expect(new URL(page.url()).search).toBe('?state=applied');
    await page.locator('input[name="state"][value="applied"]').uncheck();
    await page.locator('input[name="cluster"]').fill('*-a');
    expect(
      await page
        .locator('tbody tr:not([hidden])')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))),
    ).toEqual(['cluster-a']);
    expect(await page.locator('#shown').innerText()).toBe('1 of 2 shown');
    expect(new URL(page.url()).search).toBe('?cluster=*-a');

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${fleet.server.url}/?state=awaiting-sync`);
    expect(
      await plain
        .locator('tbody tr:not([hidden])')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))),
    ).toEqual(['cluster-a']);
    await noScript.close();
  });

  it('GIVEN a token WHEN the page is opened without it THEN the token form shows and no fleet data; with it THEN the page opens and its live stream works', async () => {
    const fleet = await serveFleet({ statusToken: 'browser-token' });
    running.push(fleet);
    const page = await browser.newPage();
    const response = await page.goto(`${fleet.server.url}/`);
    expect(response?.status()).toBe(401);
    expect(await page.content()).not.toContain('cluster-a');
    await page.locator('input[name="token"]').fill('browser-token');
    await Promise.all([
      page.waitForURL(`${fleet.server.url}/`),
      page.locator('button[type="submit"]').click(),
    ]);
    await page.locator('#live', { hasText: /^live/ }).waitFor();
    expect(await stateOf(page, 'cluster-a')).toBe('awaiting-sync');
    expect(
      await fleet.status(
        statusContext('flux', 'cluster-a'),
        'success',
        'reconciliation succeeded',
        '2026-05-31T23:55:00Z',
      ),
    ).toBe(202);
    await page.locator('tr[data-id="cluster-a"][data-state="applied"]').waitFor();
  });
});
