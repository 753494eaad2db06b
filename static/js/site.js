/*
 * Site-wide behaviour, small and dependency-free. Everything works without it. The CSS
 * folds the navigation behind the menu button on a phone before the first paint, where
 * scripts run (@media (scripting: enabled)); this script only opens and closes it, so
 * nothing moves once the page has loaded.
 */
(function () {
  "use strict";

  // Menu button: on narrow screens the navigation folds away behind it.
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-button");
  var panel = button && document.getElementById(button.getAttribute("aria-controls"));
  if (button && panel) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      header.classList.toggle("menu-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        button.focus();
      }
    });
  }

  // Filters fold away on a phone; on a wide screen there is room, so show them open.
  if (window.matchMedia("(min-width: 60em)").matches) {
    document.querySelectorAll("details.filters").forEach(function (details) {
      details.open = true;
    });
  }
})();
