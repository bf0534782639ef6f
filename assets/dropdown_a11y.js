/* Accessible names for Dash 4 dropdowns (dcc.Dropdown).
   Dash 4 gives each dropdown a keyboard focus proxy (an <input>) marked aria-hidden, although
   it takes focus, and names the dropdown button by its current value only. This names both
   after the dropdown's <label>, so a screen reader announces "Area, Lancashire (county)" and
   axe's aria-hidden-focus rule holds. Runs whenever Dash draws new dropdowns. */
(function () {
  "use strict";
  function labelFor(button) {
    if (!button.id) { return null; }
    return document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
  }
  function fix(wrapper) {
    var proxy = wrapper.querySelector("input.dash-dropdown-focus-target");
    var button = wrapper.querySelector("button.dash-dropdown");
    if (!proxy || !button) { return; }
    var label = labelFor(button);
    var name = label ? label.textContent.trim() : "Choose an option";
    if (proxy.hasAttribute("aria-hidden")) { proxy.removeAttribute("aria-hidden"); }
    if (proxy.getAttribute("aria-label") !== name) { proxy.setAttribute("aria-label", name); }
    if (label) {
      if (!label.id) { label.id = button.id + "-label"; }
      var wanted = label.id + " " + button.id + "-value";
      if (button.getAttribute("aria-labelledby") !== wanted) {
        button.setAttribute("aria-labelledby", wanted);
      }
    }
  }
  var pending = false;
  function fixAll() {
    pending = false;
    document.querySelectorAll(".dash-dropdown-wrapper").forEach(fix);
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(fixAll); }
  }
  new MutationObserver(schedule).observe(document.documentElement,
                                         {childList: true, subtree: true});
  schedule();
})();
