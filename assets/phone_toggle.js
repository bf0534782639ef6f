/* Phone toggles (button.phone-toggle, see layouts/_components.phone_toggle): the site menu and
   the pickers sit behind a button on a phone. A click flips the button's aria-expanded, which
   the stylesheet follows; Escape inside an open section closes it and returns focus to its
   button; following a menu link closes the menu, so the new page is what shows.
   Wider screens hide the buttons and always show what they control. */
(function () {
  "use strict";
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function toggleOf(element) {
    var parent = element.parentElement;
    if (!parent) { return null; }
    var button = parent.querySelector(":scope > button.phone-toggle");
    return button && button !== element ? button : null;
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("button.phone-toggle");
    if (button) {
      setOpen(button, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    var link = target.closest(".site-nav a");
    var menu = link ? toggleOf(link.closest(".site-nav")) : null;
    if (menu) { setOpen(menu, false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !(event.target instanceof Element)) { return; }
    var section = event.target.parentElement;
    while (section) {
      var button = toggleOf(section);
      if (button && button.getAttribute("aria-expanded") === "true"
          && window.getComputedStyle(button).display !== "none") {
        setOpen(button, false);
        button.focus();
        return;
      }
      section = section.parentElement;
    }
  });
})();
