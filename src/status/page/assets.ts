/**
 * The page's only style sheet and script, inline (no CDN, no web font: the page
 * works on an air-gapped network), and the Content-Security-Policy that allows
 * exactly these two by hash. Escaping is the defence against injected markup;
 * the policy is the second line: even an unescaped `<img onerror>` or `<script>`
 * would not run.
 */
import { createHash } from 'node:crypto';

/** The style sheet. States have a colour and a symbol and a word (never colour alone). */
export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0 1rem 2rem;color:#1b1b1b;background:#fff}
h1{font-size:1.3rem;margin:.8rem 0 .3rem}h2{font-size:1rem;margin:1rem 0 .3rem}
header p{margin:0;color:#555}
ul#summary{list-style:none;padding:0;margin:.6rem 0;display:flex;flex-wrap:wrap;gap:.4rem}
ul#summary a{display:block;padding:.25rem .6rem;border-radius:4px;border:1px solid #bbb;color:inherit;text-decoration:none}
.g{margin:.2rem 0}.g progress{width:16rem;vertical-align:middle}
dl#metrics{display:flex;flex-wrap:wrap;gap:.3rem 1.6rem;margin:.3rem 0}dl#metrics dt{color:#555;font-size:.85rem}dl#metrics dd{margin:0;font-weight:600}
form#filter{margin:.8rem 0;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
fieldset{border:1px solid #ccc;padding:.2rem .5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2rem .45rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0}td:nth-child(8){max-width:38rem;overflow-wrap:anywhere}
code{font-size:.85rem}
.s-applied{background:#d7f5dd;color:#0b5a1c}.s-failed{background:#fbd9d6;color:#8a1308}
.s-stale{background:#fdeec4;color:#6b4700}.s-awaiting-sync{background:#d9e8fb;color:#0d3f7a}.s-pending-review{background:#ece1f7;color:#4d2a73}
td.s-applied,td.s-failed,td.s-stale,td.s-awaiting-sync,td.s-pending-review{font-weight:600;white-space:nowrap}
#live{font-size:.85rem;color:#555}
`;

/** The script: filters rows and keeps the URL in step, applies live updates from `/events`, ages the age column. */
export const PAGE_SCRIPT = String.raw`
(() => {
  const body = document.body, tbody = document.getElementById('rows'), form = document.getElementById('filter');
  const shown = document.getElementById('shown'), live = document.getElementById('live');
  const rows = new Map();
  for (const tr of tbody.rows) rows.set(tr.dataset.id, tr);
  const glob = (text) => {
    const res = text.split(',').map((p) => p.trim()).filter(Boolean)
      .map((p) => new RegExp('^' + p.replace(/[^\w*?]/g, (c) => '\\' + c).replace(/\*/g, '.*').replace(/\?/g, '.') + '$'));
    return (id) => res.length === 0 || res.some((re) => re.test(id));
  };
  let match = () => true;
  const read = () => {
    const data = new FormData(form), states = data.getAll('state'), cluster = String(data.get('cluster') || '').trim(), ids = glob(cluster);
    match = (tr) => (states.length === 0 || states.includes(tr.dataset.state)) && ids(tr.dataset.id);
    const query = new URLSearchParams();
    states.forEach((s) => query.append('state', s));
    if (cluster) query.set('cluster', cluster);
    return query.toString();
  };
  const apply = () => {
    let n = 0;
    for (const tr of tbody.rows) { tr.hidden = !match(tr); if (!tr.hidden) n++; }
    shown.textContent = n + ' of ' + tbody.rows.length + ' shown';
  };
  const filter = () => { const q = read(); history.replaceState(null, '', q ? '?' + q : location.pathname); apply(); };
  form.addEventListener('input', filter);
  form.addEventListener('submit', (e) => { e.preventDefault(); filter(); });
  read();
  const parse = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content; };
  const place = (id, html) => {
    const old = rows.get(id);
    if (html === null) { if (old) old.remove(); rows.delete(id); return; }
    const tr = parse(html).firstElementChild;
    if (old) old.replaceWith(tr);
    else { let next = null; for (const r of tbody.rows) if (r.dataset.id > id) { next = r; break; } tbody.insertBefore(tr, next); }
    rows.set(id, tr);
  };
  const source = new EventSource('events?v=' + encodeURIComponent(body.dataset.v));
  source.addEventListener('fleet', (e) => {
    const u = JSON.parse(e.data);
    if (u.full) {
      tbody.replaceChildren(parse(u.rows.map((r) => r[1]).join('')));
      rows.clear();
      for (const tr of tbody.rows) rows.set(tr.dataset.id, tr);
    } else for (const [id, html] of u.rows) place(id, html);
    for (const k of ['summary', 'groups', 'metrics']) document.getElementById(k).innerHTML = u[k];
    body.dataset.v = u.v;
    apply();
    live.textContent = 'live: updated ' + new Date().toLocaleTimeString();
  });
  source.onopen = () => { live.textContent = 'live'; };
  source.onerror = () => { live.textContent = 'reconnecting…'; };
  const age = (s) => s >= 86400 ? Math.floor(s / 86400) + 'd' : s >= 3600 ? Math.floor(s / 3600) + 'h' : s >= 60 ? Math.floor(s / 60) + 'm' : Math.max(0, Math.floor(s)) + 's';
  setInterval(() => {
    const now = Date.now() / 1000;
    for (const t of document.querySelectorAll('time[data-t]')) t.textContent = age(now - Number(t.dataset.t));
  }, 30000);
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy: nothing but this origin's event stream, and this script and style by hash. */
export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every HTML answer carries. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
