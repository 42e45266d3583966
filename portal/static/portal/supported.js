// Marks the page as able to run GOV.UK Frontend, before it is painted.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
