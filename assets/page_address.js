/* The first draw of a page in one answer. Dash's renderer asks `/_dash-layout` for the page
   frame and then, in a second round trip, the Pages router for the page itself. This adds the
   page's own address (path and query, exactly as the browser holds it) to that first request
   as the `X-Scorecard-Page` header, so the server can put the page's content, and the
   router's address, into the frame; the router then has nothing left to do until the reader
   moves to another page. Without the header (or if the server declines) the router draws the
   page as before. Loaded as a file: no inline script, so the Content-Security-Policy stays
   strict. */
(function () {
  "use strict";
  var original = window.fetch;
  if (typeof original !== "function") { return; }
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    if (/\/_dash-layout$/.test(url.split("?")[0])) {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      headers.set("X-Scorecard-Page", window.location.pathname + window.location.search);
      init.headers = headers;
    }
    return original.call(this, resource, init);
  };
})();
