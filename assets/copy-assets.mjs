// Copies GOV.UK Frontend's JavaScript next to the compiled CSS. Its images
// (crown, crest, GOV.UK icons) are for GOV.UK alone and are not copied.
import { cpSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk";
const to = "portal/static/govuk";
mkdirSync(to, { recursive: true });
cpSync(`${from}/govuk-frontend.min.js`, `${to}/govuk-frontend.min.js`);
