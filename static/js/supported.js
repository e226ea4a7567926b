// Runs first thing in <body>, before the page is drawn, as NHS.UK frontend's own page template does
// (an external file because our Content-Security-Policy allows no inline script). Browsers that run
// ES modules get the nhsuk-frontend-supported class: its CSS (the header menu at narrow widths) and
// its JavaScript (initAll in init.mjs) both wait for it. Older browsers keep the plain HTML pages.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
