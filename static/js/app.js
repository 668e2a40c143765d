/*
 * AALCO Follow-up — small progressive enhancements. Every page works without this file:
 * links, sort headers, filters and forms are plain HTML. Loaded with `defer`.
 *
 *   data-confirm="Question?"   on a <form>, <button> or <a>: asks before going on.
 *   data-print                 on a <button>: prints the page.
 *   data-autosubmit            on a GET <form> (filters): submits when a <select> changes.
 *   .error-summary             focused on load, and "Error: " put before the page title.
 *   .service-nav               collapses into a "Menu" disclosure on narrow screens.
 *   <details>                  opened for printing, closed again afterwards.
 *   .table-wrapper             made keyboard-scrollable (tabindex, named region) when its
 *                              table is wider than the screen (WCAG 2.1.1).
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js-enabled");

  // --- confirm dialogs -------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var target = event.target.closest("a[data-confirm], button[data-confirm], input[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }, true);

  // --- print buttons (no inline handlers: the Content-Security-Policy forbids them) -------
  document.addEventListener("click", function (event) {
    if (event.target.closest("button[data-print]")) {
      window.print();
    }
  });

  // --- auto-submitting filter forms ------------------------------------------------------
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && event.target.matches("select")) {
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }
  });

  // --- error summary: move focus so screen readers announce it ---------------------------
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    var prefix = summary.getAttribute("data-title-prefix");
    if (prefix && document.title.indexOf(prefix) !== 0) {
      document.title = prefix + " " + document.title;
    }
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
    // Links in the summary: focus the field itself, not just scroll to it.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        var group = field.closest(".form-group") || field;
        group.scrollIntoView();
        field.focus({ preventScroll: true });
      }
    });
  }

  // --- service navigation: a disclosure menu on narrow screens ---------------------------
  function setUpNavigation() {
    var toggle = document.querySelector(".service-nav__toggle");
    var list = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");
    if (!toggle || !list || !window.matchMedia) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 40em)");
    function sync() {
      if (narrow.matches) {
        toggle.hidden = false;
        list.hidden = toggle.getAttribute("aria-expanded") !== "true";
      } else {
        toggle.hidden = true;
        list.hidden = false;
      }
    }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      sync();
    });
    if (narrow.addEventListener) {
      narrow.addEventListener("change", sync);
    }
    sync();
  }

  // --- print: show what <details> hide ---------------------------------------------------
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });

  // --- wide tables: a scrolling region must be reachable by keyboard ---------------------
  function labelScrollableTables() {
    document.querySelectorAll(".table-wrapper").forEach(function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (scrolls && !wrapper.hasAttribute("tabindex")) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("data-js-tabindex", "");
        if (!wrapper.hasAttribute("role")) {
          wrapper.setAttribute("role", "region");
        }
        if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
          var caption = wrapper.querySelector("caption");
          var label = caption ? caption.textContent.trim() : "";
          wrapper.setAttribute("aria-label", label || document.title);
        }
      } else if (!scrolls && wrapper.hasAttribute("data-js-tabindex")) {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("data-js-tabindex");
      }
    });
  }
  // Cheap (a few tables), so no debounce: a test or a rotated phone sees it at once.
  window.addEventListener("resize", labelScrollableTables);
  document.addEventListener("htmx:afterSettle", labelScrollableTables);

  function init() {
    focusErrorSummary();
    setUpNavigation();
    labelScrollableTables();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
