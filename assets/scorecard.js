/* Scorecard behaviour that needs the browser, loaded as a file (no inline script, so the
   Content-Security-Policy stays strict):
   - clicking anywhere in a scorecard row follows the row's indicator link;
   - Escape hides an open explanation (WCAG 1.4.13) until the pointer or focus moves on. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var row = target.closest("tr.scorecard-row");
    if (!row) { return; }
    var control = target.closest("a, button, input, select, textarea, [tabindex]");
    if (control && row.contains(control)) { return; }
    var link = row.querySelector("a.row-link");
    if (link) { link.click(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { document.body.classList.add("tips-dismissed"); }
  });
  function restore() { document.body.classList.remove("tips-dismissed"); }
  document.addEventListener("focusin", restore);
  document.addEventListener("mouseover", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest(".tip")) { return; }
    restore();
  });
})();

/* Picker forms (form[data-dash-nav]) load their new address; once Dash has drawn the new page,
   focus moves to its [data-nav-focus] heading, so keyboard and screen-reader users land on
   the result rather than at the top of the page. */
(function () {
  "use strict";
  var KEY = "scorecard-focus-result";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-dash-nav")) {
      try { window.sessionStorage.setItem(KEY, "1"); } catch (e) { /* storage off */ }
    }
  });
  var wanted = false;
  try {
    wanted = window.sessionStorage.getItem(KEY) === "1";
    window.sessionStorage.removeItem(KEY);
  } catch (e) { wanted = false; }
  if (!wanted) { return; }
  var started = Date.now();
  (function focusHeading() {
    var heading = document.querySelector("#main [data-nav-focus]");
    if (heading) { heading.focus(); return; }
    if (Date.now() - started < 15000) { window.setTimeout(focusHeading, 50); }
  })();
})();
