'use strict';
/*
 * Stands in for d3-geo-projection (71 kB): the scorecard's maps use the Mercator projection,
 * which d3-geo itself provides (as it does plotly's default, equirectangular), so plotly.js
 * never needs the extra projections.
 */
module.exports = {};
