import { renderPage } from '../../../src/status/page/page';
import { parseFilter } from '../../../src/status/page/filter';
import { PAGE_CSP, PAGE_SCRIPT } from '../../../src/status/page/assets';
import { createHash } from 'crypto';
import { cluster, largeFleet, NOW, statusList, XSS } from './fleet-list';

const everything = parseFilter(new URLSearchParams());

describe('the status page', () => {
  it('GIVEN a failure message holding markup WHEN the page is rendered THEN it appears as text, never as an element', () => {
    const list = statusList([cluster(`evil-${XSS}`, 'failed', XSS), cluster('ok', 'applied')]);
    const html = renderPage(list, { filter: everything, version: 'v1', now: NOW });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('GIVEN a pull request whose URL is not http(s) WHEN rendered THEN no link is made of it', () => {
    const pending = cluster('c', 'pending-review');
    const list = statusList([
      {
        ...pending,
        pullRequest: { ...pending.pullRequest!, url: 'javascript:alert(1)', title: '"><script>x</script>' },
      },
    ]);
    const html = renderPage(list, { filter: everything, version: 'v1', now: NOW });
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<script>x');
  });

  it('GIVEN a state and a glob in the query WHEN rendered THEN only matching rows are visible (the rest are hidden, for the script)', () => {
    const list = statusList([
      cluster('cluster-prod-1', 'failed'),
      cluster('cluster-prod-2', 'applied'),
      cluster('cluster-lab-1', 'failed'),
    ]);
    const html = renderPage(list, {
      filter: parseFilter(new URLSearchParams('state=failed&cluster=cluster-prod-*')),
      version: 'v1',
      now: NOW,
    });
    expect(html).toMatch(/<tr data-id="cluster-prod-1"/);
    expect(html).toMatch(/<tr hidden data-id="cluster-prod-2"/);
    expect(html).toMatch(/<tr hidden data-id="cluster-lab-1"/);
    expect(html).toContain('1 of 3 shown');
    expect(html).toMatch(/value="failed" checked/);
  });

  it('GIVEN each state WHEN rendered THEN the state is in words as well as colour', () => {
    const html = renderPage(statusList([cluster('a', 'stale'), cluster('b', 'awaiting-sync')]), {
      filter: everything,
      version: 'v1',
      now: NOW,
    });
    expect(html).toMatch(/<td class="s-stale">[^<]*stale<\/td>/);
    expect(html).toMatch(/<td class="s-awaiting-sync">[^<]*awaiting sync<\/td>/);
  });

  it('GIVEN 2,000 clusters with long failure messages WHEN rendered THEN the page is under 1 MB', () => {
    const html = renderPage(largeFleet(2000), { filter: everything, version: 'v1', now: NOW });
    expect(html.match(/<tr data-id=/g)).toHaveLength(2000);
    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024);
  });

  it('GIVEN the policy WHEN compared with the inline script THEN it allows exactly that script by hash, and nothing external', () => {
    const hash = createHash('sha256').update(PAGE_SCRIPT).digest('base64');
    expect(PAGE_CSP).toContain(`script-src 'sha256-${hash}'`);
    expect(PAGE_CSP).toContain("default-src 'none'");
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|https?:/);
  });
});
