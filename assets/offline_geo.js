/*
 * Maps without the internet: plotly's geo maps normally download a world base map from a
 * content delivery network, even when the base map is hidden. The district maps draw only the
 * ONS boundaries they are given, so plotly is handed an empty world map here and never fetches
 * one (the Content-Security-Policy would refuse the request anyway).
 */
(function () {
  "use strict";
  var empty = { type: "Topology", objects: {}, arcs: [] };
  var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  assets.topojson = assets.topojson || {};
  ["world_110m", "world_50m"].forEach(function (name) {
    if (assets.topojson[name] === undefined) {
      assets.topojson[name] = empty;
    }
  });
})();
