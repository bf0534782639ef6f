'use strict';
// Only the trace types the scorecard draws: scatter (in core), bar, heatmap, choropleth, scattergeo.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
]);
module.exports = Plotly;
