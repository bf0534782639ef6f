/* The page painted in its HTML (#first-paint, see layouts/_shell.py) is shown while Dash's
   renderer starts. Once the renderer has drawn its own copy (anything in #react-entry-point
   other than its "Loading..." placeholder: the page, or an error) and plotly.js has drawn as
   many charts as the painted copy holds (painted as static SVG), the painted copy is removed,
   which also reveals the renderer's copy (the styles hide it only while the painted copy
   precedes it). Charts that do not draw within HOLD_MS of the page do not hold it longer.
   Focus and scroll position carry over: the two copies lay out alike. */
(function () {
  "use strict";
  var HOLD_MS = 4000;
  var painted = document.getElementById("first-paint");
  var entry = document.getElementById("react-entry-point");
  if (!painted || !entry || typeof MutationObserver !== "function") { return; }
  var charts = painted.querySelectorAll(".dash-graph").length;
  var pageAt = 0;

  function pageDrawn() {
    var first = entry.firstElementChild;
    if (!first || first.classList.contains("_dash-loading")) { return false; }
    var content = entry.querySelector("#_pages_content");
    return !content || content.childElementCount > 0;
  }

  function chartsDrawn() {
    var drawn = 0;
    entry.querySelectorAll(".dash-graph").forEach(function (graph) {
      if (graph.querySelector(".main-svg")) { drawn += 1; }
    });
    return drawn >= charts;
  }

  function swap() {
    if (!painted.isConnected || !pageDrawn()) { return; }
    if (!pageAt) {
      pageAt = Date.now();
      window.setTimeout(swap, HOLD_MS);
    }
    if (!chartsDrawn() && Date.now() - pageAt < HOLD_MS) { return; }
    observer.disconnect();
    var focused = document.activeElement;
    var focusedId = focused && painted.contains(focused) ? focused.id : "";
    painted.remove();
    if (focusedId) {
      var twin = document.getElementById(focusedId);
      if (twin) { twin.focus({preventScroll: true}); }
    }
  }

  var observer = new MutationObserver(swap);
  observer.observe(entry, {childList: true, subtree: true});
  swap();
})();
