/* The districts page's map and ranked chart (layouts/_district_clicks.py): a click on a
   district the signed-in user may open hands its code to the server, which opens its
   scorecard; a click on any other shows the page's sentence (e.g. "You can view Preston
   only") and sends nothing, so the server's access gate is never asked for it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  districts: {
    pick: function (mapClick, barClick, rules) {
      "use strict";
      var clientside = window.dash_clientside;
      var triggered = (clientside.callback_context.triggered[0] || {}).prop_id || "";
      var click = triggered.indexOf("districts-map.") === 0 ? mapClick : barClick;
      var point = ((click || {}).points || [])[0] || {};
      var code = point.location || point.customdata;
      if (Array.isArray(code)) { code = code[0]; }
      if (!code || !rules) { return [clientside.no_update, clientside.no_update]; }
      if ((rules.open || []).indexOf(code) >= 0) { return [code, ""]; }
      return [clientside.no_update, rules.refusal || ""];
    }
  }
});
