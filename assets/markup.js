/* Draws layouts/_markup.Markup: static page parts sent as compact nested lists,
   ["tag.class.class", {attributes}?, child, ...], each child text or another list. React escapes the text
   and sets the attributes as the dash.html components would; the server only sends the tags
   and attributes layouts/_markup.py allows, and this checks them again. */
(function () {
  "use strict";
  var TAGS = ("a abbr br caption div em h2 h3 h4 label li ol optgroup option p section select span " +
              "strong table tbody td tfoot th thead tr ul").split(" ");
  var ATTRIBUTES = ["className", "colSpan", "href", "htmlFor", "id", "label", "name", "role",
                    "rowSpan", "scope", "selected", "tabIndex", "title", "value"];
  var PREFIXED = /^(data|aria)-[a-z][a-z-]*$/;
  var SAFE_HREF = /^(\/|#|\?|https?:\/\/)/;

  function attributes(given) {
    var props = {};
    Object.keys(given).forEach(function (name) {
      var value = given[name];
      if (ATTRIBUTES.indexOf(name) < 0 && !PREFIXED.test(name)) { return; }
      if (name === "href" && !SAFE_HREF.test(String(value))) { return; }
      props[name] = value;
    });
    return props;
  }

  /* A link within the site opens its page as the menu's links do (the Pages router draws it,
     no reload); a modified or middle click keeps the browser's own behaviour. */
  function openInApp(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    window.history.pushState({}, "", event.currentTarget.getAttribute("href"));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  function draw(node) {
    if (!Array.isArray(node)) { return node === null || node === undefined ? null : String(node); }
    var classes = String(node[0]).split(".");
    var tag = classes.shift();
    if (TAGS.indexOf(tag) < 0) { return null; }
    var rest = node.slice(1);
    var given = rest.length && rest[0] && typeof rest[0] === "object" && !Array.isArray(rest[0])
      ? rest.shift() : {};
    var props = attributes(given);
    if (classes.length) { props.className = classes.join(" "); }
    if (tag === "a" && /^\/(?!\/)/.test(String(props.href || ""))) { props.onClick = openInApp; }
    return window.React.createElement.apply(null, [tag, props].concat(rest.map(draw)));
  }

  function Markup(props) { return draw(props.tree); }

  window.scorecard_markup = { Markup: Markup };
})();
