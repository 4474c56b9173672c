/**
 * The inspector's only assets, served from the package itself (no CDN): its style sheet and a
 * small client script. The script does three things: live refresh of the open page (server-sent
 * events tell it the environment changed; it fetches the page again and swaps the `#live`
 * region, keeping open <details>), confirmation of destructive actions, and local time hints.
 * It never builds HTML from data: the swapped region is server-rendered and escaped.
 */

export const INSPECTOR_CSS = `
:root { --fg: #1d2330; --muted: #5d6678; --line: #dde1e8; --bg: #f6f7f9; --card: #fff; --accent: #3857d6; --ok: #1f8a4c; --warn: #b26a00; --bad: #c2362f; --trial: #8a5cd6; --active: #2f9e6a; --scheduled: #9aa3b5; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font-size: 14px; line-height: 1.45; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
header.top { display: flex; align-items: center; gap: 1.25rem; padding: .6rem 1.25rem; background: #111827; color: #e5e7eb; flex-wrap: wrap; }
header.top a { color: #e5e7eb; } header.top .brand { font-weight: 700; letter-spacing: .02em; }
header.top nav { display: flex; gap: .9rem; flex-wrap: wrap; } header.top nav a.active { color: #fff; border-bottom: 2px solid #8ea2ff; }
header.top .status { margin-left: auto; display: flex; flex-direction: column; align-items: flex-end; }
header.top .clock { font-family: ui-monospace, monospace; font-size: 13px; white-space: nowrap; }
#live-status { font-size: 12px; color: #9ca3af; }
main { padding: 1rem 1.25rem 3rem; max-width: 1400px; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: .4rem 0 1rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .9rem 1rem; margin-bottom: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
.stats { display: flex; flex-wrap: wrap; gap: .6rem 1.6rem; } .stat b { display: block; font-size: 1.2rem; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .35rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { background: #f1f3f7; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; overflow: auto; max-height: 22rem; margin: .3rem 0; white-space: pre-wrap; word-break: break-word; }
.muted { color: var(--muted); } .small { font-size: 12px; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: 12px; background: #e8ebf2; color: var(--fg); white-space: nowrap; }
.badge.ok, .badge.ACTIVE, .badge.Active { background: #dff3e7; color: var(--ok); }
.badge.error, .badge.CANCELED, .badge.EXPIRED, .badge.Expired, .badge.Revoked { background: #fbe3e1; color: var(--bad); }
.badge.IN_TRIAL { background: #efe6fb; color: var(--trial); } .badge.NOT_STARTED, .badge.PAYMENT_PENDING, .badge.Scheduled { background: #fff1dc; color: var(--warn); }
.granted { color: var(--ok); font-weight: 600; } .denied { color: var(--bad); font-weight: 600; }
form.inline { display: inline; } form.row { display: flex; gap: .4rem; flex-wrap: wrap; align-items: center; margin: .35rem 0; }
input, select, textarea, button { font: inherit; } input, select, textarea { border: 1px solid #c8ced9; border-radius: 5px; padding: .25rem .45rem; background: #fff; }
textarea { width: 100%; min-height: 9rem; font-family: ui-monospace, monospace; font-size: 12.5px; }
button { border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 5px; padding: .25rem .7rem; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); } button.danger { background: var(--bad); border-color: var(--bad); }
.flash { border-radius: 8px; padding: .7rem 1rem; margin-bottom: 1rem; border: 1px solid; }
.flash.ok { background: #eefaf2; border-color: #b7e2c6; } .flash.error { background: #fdf0ef; border-color: #f0c1bd; }
.flash .code { font-weight: 700; }
.pager { display: flex; gap: .8rem; align-items: center; margin: .6rem 0; }
details > summary { cursor: pointer; } details.explain { margin-top: .2rem; }
ol.steps { margin: .3rem 0; padding-left: 1.3rem; } ol.steps li { margin: .1rem 0; }
progress { width: 10rem; height: .8rem; vertical-align: middle; }
.tree td.entity { white-space: nowrap; }
.indent-1 { padding-left: 1.6rem !important; } .indent-2 { padding-left: 3.2rem !important; } .indent-3 { padding-left: 4.8rem !important; } .indent-4 { padding-left: 6.4rem !important; } .indent-5 { padding-left: 8rem !important; }
svg.timeline, svg.chart { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
svg .phase-trial { fill: var(--trial); } svg .phase-active { fill: var(--active); } svg .phase-scheduled { fill: var(--scheduled); }
svg .ended { opacity: .45; } svg .now { stroke: var(--bad); stroke-width: 2; } svg .axis { stroke: var(--line); } svg text { font-size: 12px; fill: var(--fg); font-family: system-ui, sans-serif; }
svg .tick { font-size: 11px; fill: var(--muted); } svg .moment { fill: #fff; stroke: var(--fg); stroke-width: 1.5; } svg .moment.future { stroke-dasharray: 2 2; }
svg .bar { fill: var(--accent); } svg .value { font-size: 10px; fill: var(--fg); } svg .reset { stroke: var(--warn); stroke-dasharray: 3 3; } svg .period { fill: #eef1fb; }
.legend span { margin-right: 1rem; } .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: middle; margin-right: .25rem; }
.swatch.trial { background: var(--trial); } .swatch.active { background: var(--active); } .swatch.scheduled { background: var(--scheduled); }
.notfound { max-width: 40rem; margin: 3rem auto; }
.actions h3 { margin-top: .4rem; }
`;

export const INSPECTOR_JS = `(() => {
  'use strict';
  // confirmation of destructive actions
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // live refresh
  const source = document.body.dataset.live;
  const status = document.getElementById('live-status');
  if (!source || typeof EventSource !== 'function') return;
  let timer = null;
  let busy = false;
  let again = false;
  const say = (text) => { if (status) status.textContent = text; };
  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const response = await fetch(window.location.href, { headers: { 'x-inspector-refresh': '1' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const html = await response.text();
      const next = new DOMParser().parseFromString(html, 'text/html');
      const fresh = next.getElementById('live');
      const current = document.getElementById('live');
      if (!fresh || !current) return;
      const open = new Set([...current.querySelectorAll('details[open][id]')].map((d) => d.id));
      for (const id of open) { const d = fresh.querySelector('#' + CSS.escape(id)); if (d) d.setAttribute('open', ''); }
      current.replaceWith(document.adoptNode(fresh));
      const clock = next.getElementById('clock');
      const currentClock = document.getElementById('clock');
      if (clock && currentClock) currentClock.replaceWith(document.adoptNode(clock));
      say('updated ' + new Date().toLocaleTimeString());
      document.dispatchEvent(new CustomEvent('inspector:refreshed'));
    } catch (error) {
      say('refresh failed');
    } finally {
      busy = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(refresh, 250); };
  const events = new EventSource(source);
  events.addEventListener('open', () => say('live'));
  events.addEventListener('change', schedule);
  events.addEventListener('gone', () => { say('environment closed'); events.close(); });
  events.addEventListener('error', () => say('reconnecting...'));
})();
`;
