/** /dashboard/assets/dashboard.css: system fonts, no images, light and dark. */
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5c6670; --line: #d0d7de; --bg: #fff; --panel: #f6f8fa; --accent: #0969da; --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --panel: #151b23; --accent: #4493f8; --bad: #f85149; --good: #3fb950; --warn: #d29922; } }
* { box-sizing: border-box; }
/* The views and the nav are shown and hidden with the hidden attribute, whatever display a rule gives them. */
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top nav { display: flex; gap: 1rem; align-items: center; margin-left: auto; }
main { padding: 1rem 1.2rem; max-width: 72rem; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; } h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; } h3 { font-size: 1rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight: 600; white-space: pre-wrap; }
.row { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin: .5rem 0; }
.grow { flex: 1; } .grow input { width: 100%; }
label { display: inline-flex; flex-direction: column; gap: .2rem; font-weight: 600; }
input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
textarea { width: 100%; font-family: ui-monospace, monospace; }
button { cursor: pointer; background: var(--panel); } button:disabled { opacity: .5; cursor: default; }
#login-form { display: flex; gap: .5rem; align-items: center; } #login-key { width: 28rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; word-break: break-all; }
.status { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .85em; border: 1px solid var(--line); }
.status-completed { color: var(--good); border-color: var(--good); } .status-failed { color: var(--bad); border-color: var(--bad); }
.status-partial, .status-cancelled { color: var(--warn); border-color: var(--warn); } .status-running, .status-queued { color: var(--accent); border-color: var(--accent); }
.code { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .6rem; overflow: auto; max-height: 28rem; white-space: pre-wrap; font: 12.5px/1.4 ui-monospace, monospace; }
.panel { border-top: 1px solid var(--line); }
.progress { height: 1rem; border: 1px solid var(--line); border-radius: .5rem; overflow: hidden; background: var(--panel); }
.progress .bar { height: 100%; width: 0; background: var(--accent); }
.pages li, .errors li, .timeline li { margin: .15rem 0; word-break: break-all; }
.errors li { color: var(--bad); }
.figures { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.5rem; } .figures dt { font-weight: 600; } .figures dd { margin: 0; }
img.screenshot { max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
`;
