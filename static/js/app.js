/*
 * AALCO Follow-up — small progressive enhancements. Every page works without this file:
 * links, sort headers, filters and forms are plain HTML. Loaded with `defer`.
 *
 *   data-confirm="Question?"   on a <form>, a submit <button> or an <a>: a modal <dialog>
 *                              asks before going on (data-confirm-action: the OK button).
 *   data-print                 on a <button>: prints the page.
 *   data-autosubmit            on a GET <form> (filters): submits when a <select> changes.
 *   data-print                 on a <button>: prints the page (no inline onclick: CSP).
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
  // Irreversible or outward actions (accept, submit, send now, deactivate) carry
  // data-confirm="What will happen" and data-confirm-action="Verb" (the button's words).
  // A modal <dialog> asks; Escape or "Cancel" leaves everything as it was.
  var pendingConfirm = null;

  function confirmDialog() {
    var dialog = document.getElementById("confirm-dialog");
    if (dialog) {
      return dialog;
    }
    var body = document.body;
    dialog = document.createElement("dialog");
    dialog.id = "confirm-dialog";
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-message");
    var title = document.createElement("h2");
    title.id = "confirm-dialog-title";
    title.className = "heading-m";
    title.textContent = body.getAttribute("data-i18n-confirm-title") || "Please confirm";
    var message = document.createElement("p");
    message.id = "confirm-dialog-message";
    var buttons = document.createElement("div");
    buttons.className = "button-group";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button";
    ok.setAttribute("data-confirm-ok", "");
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--secondary";
    cancel.textContent = body.getAttribute("data-i18n-cancel") || "Cancel";
    buttons.appendChild(ok);
    buttons.appendChild(cancel);
    dialog.appendChild(title);
    dialog.appendChild(message);
    dialog.appendChild(buttons);
    body.appendChild(dialog);
    ok.addEventListener("click", function () {
      var go = pendingConfirm;
      pendingConfirm = null;
      dialog.close();
      if (go) {
        go();
      }
    });
    cancel.addEventListener("click", function () {
      pendingConfirm = null;
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      // The close event is queued: by the time it arrives the dialog may already be asking
      // a new question (Escape, then Enter again), whose action must survive.
      if (!dialog.open) {
        pendingConfirm = null;
      }
    });
    return dialog;
  }

  function askToConfirm(source, go) {
    var dialog = confirmDialog();
    if (typeof dialog.showModal !== "function") {
      if (window.confirm(source.getAttribute("data-confirm"))) {
        go();
      }
      return;
    }
    dialog.querySelector("#confirm-dialog-message").textContent = source.getAttribute("data-confirm");
    dialog.querySelector("[data-confirm-ok]").textContent =
      source.getAttribute("data-confirm-action") ||
      document.body.getAttribute("data-i18n-confirm-ok") || "Confirm";
    pendingConfirm = go;
    dialog.showModal();
    dialog.querySelector("[data-confirm-ok]").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confirm]");
    if (link) {
      event.preventDefault();
      askToConfirm(link, function () {
        window.location.href = link.href;
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var source = submitter && submitter.hasAttribute("data-confirm")
      ? submitter
      : form.hasAttribute("data-confirm") ? form : null;
    if (!source || form.getAttribute("data-confirmed") === "yes") {
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    askToConfirm(source, function () {
      form.setAttribute("data-confirmed", "yes");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    });
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
