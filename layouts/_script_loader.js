/* Starts the page's scripts once the page painted in its HTML has been drawn on screen.
   The scripts (their addresses in this element's data-scripts, Dash's renderer start-up
   last) are added in order and run in that order (async = false), exactly as deferred
   scripts would run; starting them only after the first frame keeps their download and
   compilation from competing with that frame for the processor. A tab in the background
   draws no frames, so the scripts then start at once, or after a second at the latest. */
(function () {
  "use strict";
  var self = document.currentScript;
  var addresses = JSON.parse(self.getAttribute("data-scripts") || "[]");

  var started = false;

  function start() {
    if (started) { return; }
    started = true;
    addresses.forEach(function (address) {
      var script = document.createElement("script");
      script.src = address;
      script.async = false;
      document.body.appendChild(script);
    });
  }

  if (typeof requestAnimationFrame !== "function" || document.visibilityState === "hidden") {
    start();
    return;
  }
  requestAnimationFrame(function () { setTimeout(start, 0); });
  setTimeout(start, 1000);
})();
