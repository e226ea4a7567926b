// Initialise the NHS.UK design system's components (header menu, skip link, buttons, error summary).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
