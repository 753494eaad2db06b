/*
 * Proof of work for public forms (core/antispam.py). Runs as a module after the vendored
 * ALTCHA widget (static/vendor/altcha/, its external build: no inline styles or workers,
 * so the site's strict Content-Security-Policy holds). The page renders a placeholder; this
 * script registers the worker and the page's translations, then puts the widget in it, so
 * the widget never starts before it knows both. Without JavaScript the placeholder stays
 * empty and the form still works (under a stricter rate limit).
 */
const holders = document.querySelectorAll(".altcha-holder[data-altcha-challenge]");
const registry = globalThis.$altcha;

if (holders.length && registry) {
  // A plain worker file of ours: worker-src falls back to script-src 'self'.
  const workerUrl = holders[0].dataset.altchaWorker;
  registry.algorithms.set("PBKDF2/SHA-256", () => new Worker(workerUrl));

  holders.forEach((holder) => {
    const language = holder.dataset.altchaLanguage;
    registry.i18n.set(language, JSON.parse(holder.dataset.altchaStrings));
    const widget = document.createElement("altcha-widget");
    widget.setAttribute("name", holder.dataset.altchaName);
    widget.setAttribute("challenge", holder.dataset.altchaChallenge);
    widget.setAttribute("language", language);
    // Solve while the visitor fills in the form, so sending never waits for it.
    widget.setAttribute("auto", "onfocus");
    // The footer links to the vendor's site: nothing on our pages points visitors abroad.
    widget.setAttribute("configuration", JSON.stringify({ hideFooter: true, hideLogo: true }));
    holder.appendChild(widget);
  });
}
