'use strict';
/*
 * Stands in for country-iso-search (67 kB): the scorecard's maps locate areas by GeoJSON
 * feature id, never by country name, so locationmode "country names" finds nothing here.
 */
module.exports = {
    COUNTRIES: [],
    createLookup: function() { return {lookupAlpha3: function() { return undefined; }}; }
};
