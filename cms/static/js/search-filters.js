// The search filters fold behind "Filter results (N applied)" on narrow screens. On wide
// screens the stylesheet shows them beside the results; where a browser cannot, this opens
// them. The page works without it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-open-when-wide]");
  if (!panel || !window.matchMedia) { return; }
  var wide = window.matchMedia("(min-width: 60rem)");
  function follow() { if (wide.matches) { panel.open = true; } }
  follow();
  if (wide.addEventListener) { wide.addEventListener("change", follow); }
})();
