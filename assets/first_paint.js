/* The page painted in its HTML (#first-paint, see layouts/_shell.py) is shown while Dash's
   renderer starts. Once the renderer has drawn anything of its own in #react-entry-point
   other than its "Loading..." placeholder (the page, or an error), the painted copy is
   removed, which also reveals the renderer's copy (the styles hide it only while the painted
   copy precedes it). Focus and scroll position carry over: the two copies lay out alike. */
(function () {
  "use strict";
  var painted = document.getElementById("first-paint");
  var entry = document.getElementById("react-entry-point");
  if (!painted || !entry || typeof MutationObserver !== "function") { return; }

  function drawn() {
    var first = entry.firstElementChild;
    if (!first || first.classList.contains("_dash-loading")) { return false; }
    var content = entry.querySelector("#_pages_content");
    return !content || content.childElementCount > 0;
  }

  function swap() {
    if (!drawn()) { return; }
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
