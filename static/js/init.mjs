// Initialise the NHS.UK design system's components (header menu, skip link, buttons, error summary,
// notification banners). initAll runs only on a <body> marked nhsuk-frontend-supported, which
// supported.js (first thing in <body>, templates/base.html) does.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
