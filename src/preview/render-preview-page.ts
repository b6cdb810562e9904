/**
 * The preview's HTML page. The stylesheet imitates HubSpot's card look (colours, type, spacing) so that
 * screenshots and demos read like the real thing; it styles the class names the shim renders.
 * `token` is the preview's per-start secret; the page's scripts send it back on every `api/…` call.
 */
export function renderPreviewPage(config: { portalId: string; userId: string; backendUrl: string; token: string }): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Co-sell attribution · local preview</title>
<link rel="icon" href="${FAVICON}">
<style>${STYLES}</style>
</head>
<body>
<div id="root"></div>
<script>window.__COSELL_PREVIEW__ = ${json};</script>
<script src="preview.js"></script>
</body>
</html>`;
}

/**
 * An inline icon: without a <link rel="icon"> the browser asks for /favicon.ico, which the backend
 * does not serve, and every page load logs a 404 in the console.
 */
export const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#ff7a59"/></svg>',
)}`;

const STYLES = `
:root { --ink:#33475b; --muted:#516f90; --line:#cbd6e2; --bg:#f5f8fa; --orange:#ff7a59; --orange-dark:#ff5c35; --teal:#00a4bd; --link:#0091ae; }
* { box-sizing: border-box; }
body { margin:0; font-family: "Lexend Deca", "Avenir Next", Helvetica, Arial, sans-serif; font-size:14px; color:var(--ink); background:var(--bg); }
.preview-header { display:flex; align-items:center; gap:12px; padding:10px 24px; background:#2d3e50; color:#fff; }
.preview-logo { font-weight:600; font-size:16px; }
.preview-badge { font-size:12px; padding:2px 8px; border-radius:3px; background:#425b76; }
.preview-nav { display:flex; align-items:center; gap:8px; padding:10px 24px; background:#fff; border-bottom:1px solid var(--line); }
.preview-nav__item { border:0; background:none; padding:8px 12px; font:inherit; color:var(--muted); cursor:pointer; border-bottom:3px solid transparent; }
.preview-nav__item--active { color:var(--ink); font-weight:600; border-bottom-color:var(--orange); }
.preview-picker { margin-left:auto; display:flex; align-items:center; gap:8px; font-weight:600; }
.preview-picker select { min-width:280px; }
.preview-main { max-width:1040px; margin:20px auto; padding:0 16px; }
.preview-card { background:#fff; border:1px solid var(--line); border-radius:4px; }
.preview-card__title { padding:14px 20px; font-weight:600; border-bottom:1px solid var(--line); font-size:16px; }
.preview-card__body { padding:16px 20px; }
.preview-muted { color:var(--muted); }
.preview-error { color:#c93700; }
.preview-toasts { position:fixed; right:16px; bottom:16px; display:flex; flex-direction:column; gap:8px; width:340px; z-index:10; }
.hs-text { margin:0; line-height:1.5; }
.hs-text--micro { font-size:12px; color:var(--muted); }
.hs-text--bold, .hs-text--demibold { font-weight:600; }
.hs-text--italic { font-style:italic; }
.hs-heading { margin:4px 0; font-size:16px; font-weight:600; }
.hs-flex { display:flex; }
.hs-flex--row { flex-direction:row; }
.hs-flex--column { flex-direction:column; }
.hs-flex--wrap { flex-wrap:wrap; }
.hs-gap--flush { gap:0; } .hs-gap--xs { gap:4px; } .hs-gap--sm, .hs-gap--small { gap:8px; } .hs-gap--md, .hs-gap--medium { gap:16px; } .hs-gap--lg, .hs-gap--large { gap:24px; } .hs-gap--xl { gap:32px; }
.hs-justify--between { justify-content:space-between; } .hs-justify--end { justify-content:flex-end; } .hs-justify--center { justify-content:center; } .hs-justify--around { justify-content:space-around; }
.hs-align--center { align-items:center; } .hs-align--end { align-items:flex-end; } .hs-align--start { align-items:flex-start; } .hs-align--baseline { align-items:baseline; }
.hs-divider { border:0; border-top:1px solid var(--line); margin:12px 0; width:100%; }
.hs-tabs__list { display:flex; gap:4px; border-bottom:1px solid var(--line); margin-bottom:12px; }
.hs-tabs__tab { background:none; border:0; border-bottom:3px solid transparent; padding:8px 14px; font:inherit; color:inherit; cursor:pointer; }
.hs-tabs__tab--selected { border-bottom-color:var(--teal); font-weight:600; }
.hs-accordion__title { cursor:pointer; font-weight:600; padding:6px 0; }
.hs-accordion__body { padding:4px 0 4px 16px; }
.hs-button { font:inherit; font-weight:500; padding:8px 16px; border-radius:3px; border:1px solid var(--orange); cursor:pointer; line-height:1.2; }
.hs-button--primary { background:var(--orange); color:#fff; }
.hs-button--primary:hover { background:var(--orange-dark); }
.hs-button--secondary { background:#fff; color:var(--orange); }
.hs-button--destructive { background:#f2545b; border-color:#f2545b; color:#fff; }
.hs-button--transparent { background:none; border-color:transparent; color:var(--link); padding:4px 6px; }
.hs-button--xs, .hs-button--extra-small { padding:3px 8px; font-size:12px; } .hs-button--sm, .hs-button--small { padding:5px 10px; font-size:13px; }
.hs-button:disabled { opacity:.5; cursor:not-allowed; }
.hs-button-row { display:flex; gap:8px; flex-wrap:wrap; }
.hs-alert { border:1px solid; border-left-width:4px; border-radius:3px; padding:10px 14px; background:#e5f5f8; border-color:var(--teal); }
.hs-alert__title { display:block; margin-bottom:2px; }
.hs-alert--warning { background:#fef8f0; border-color:#f5c26b; }
.hs-alert--danger, .hs-alert--error { background:#fde8e9; border-color:#f2545b; }
.hs-alert--success { background:#e5f8f6; border-color:#00bda5; }
.hs-alert--tip { background:#f6f9fc; border-color:#7c98b6; }
.hs-tag { display:inline-block; font-size:12px; padding:1px 8px; border-radius:3px; border:1px solid var(--line); background:#eaf0f6; margin-right:4px; }
.hs-tag--success { background:#e5f8f6; border-color:#7fded2; } .hs-tag--warning { background:#fef8f0; border-color:#fae0b5; } .hs-tag--error { background:#fde8e9; border-color:#f8a9ad; } .hs-tag--info { background:#e5f5f8; border-color:#7fd1de; }
.hs-spinner { display:flex; align-items:center; gap:8px; color:var(--muted); padding:12px 0; }
.hs-spinner__wheel { width:18px; height:18px; border-radius:50%; border:3px solid #eaf0f6; border-top-color:var(--orange); animation:spin 1s linear infinite; }
@keyframes spin { to { transform:rotate(360deg); } }
.hs-empty-state, .hs-error-state { text-align:center; padding:24px; color:var(--muted); }
.hs-empty-state h4, .hs-error-state h4 { color:var(--ink); margin:0 0 6px; font-size:16px; }
.hs-error-state h4 { color:#c93700; }
.hs-dl { margin:0; display:grid; gap:10px 24px; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); }
.hs-dl__item dt { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.03em; }
.hs-dl__item dd { margin:2px 0 0; font-weight:500; }
.hs-statistics { display:flex; gap:16px; flex-wrap:wrap; }
.hs-statistics__item { flex:1; min-width:150px; border:1px solid var(--line); border-radius:3px; padding:12px; }
.hs-statistics__label { font-size:12px; color:var(--muted); text-transform:uppercase; }
.hs-statistics__number { font-size:22px; font-weight:300; margin-top:4px; }
.hs-table { width:100%; border-collapse:collapse; }
.hs-table th { background:#f5f8fa; font-size:12px; text-transform:uppercase; color:var(--muted); font-weight:600; }
.hs-table th, .hs-table td { padding:8px 10px; border-bottom:1px solid #dfe3eb; vertical-align:top; }
.hs-table--bordered { border:1px solid var(--line); }
.hs-align-right { text-align:right; } .hs-align-center { text-align:center; }
.hs-field { display:flex; flex-direction:column; gap:4px; min-width:140px; }
.hs-field__label { font-weight:600; font-size:13px; }
.hs-field__description { font-size:12px; color:var(--muted); }
.hs-field__message { font-size:12px; color:var(--muted); }
.hs-field__message--error { color:#c93700; }
.hs-field--error .hs-input { border-color:#f2545b; }
.hs-input { font:inherit; color:var(--ink); padding:7px 10px; border:1px solid var(--line); border-radius:3px; background:#f5f8fa; }
.hs-input:focus { outline:none; border-color:var(--teal); box-shadow:0 0 4px 1px rgba(0,208,228,.3); background:#fff; }
.hs-textarea { resize:vertical; }
.hs-multiselect { display:flex; flex-wrap:wrap; gap:4px 12px; }
.hs-checkbox { display:inline-flex; gap:6px; align-items:center; }
`;
