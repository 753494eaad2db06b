/*
 * The error summary of a public form (core/templates/core/forms/div.html), as GOV.UK's:
 * on load the focus moves to it, so that it is read out and seen first; a link in it
 * focuses its field and scrolls so that the field's label or legend is in view too.
 * Without JavaScript the summary is still at the top of the form and the links still jump.
 */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  // Chromium clears the focus when it scrolls to the URL's fragment (the forms post to
  // "…#register"), which may happen after this script ran: focus again once loaded, unless
  // the visitor has moved on already.
  window.addEventListener("load", function () {
    if (!document.activeElement || document.activeElement === document.body) {
      summary.focus();
    }
  });

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    var fieldset = input.closest("fieldset");
    var label = (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector("label[for='" + input.id + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
