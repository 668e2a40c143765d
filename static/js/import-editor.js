/*
 * The import screen's enhancements. The screen works without this file: every button
 * submits the form and the page comes back redrawn.
 *
 *   #import-editor        after htmx redraws it (split, merge, kind changed), the field
 *                         marked autofocus gets the keyboard focus back.
 *   form[data-batch]      "Save the chosen resolutions" saves them one request each and
 *                         fills the <progress> bar and each row's status as they finish.
 *   form[data-reading]    shows the "Reading the document…" indicator while a long file
 *                         is read.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var editor = document.getElementById("import-editor");
    if (!editor) {
      return;
    }
    var target = editor.querySelector("[autofocus]");
    if (target) {
      target.focus();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-reading")) {
      var indicator = document.getElementById(form.getAttribute("data-reading"));
      if (indicator) {
        indicator.hidden = false;
      }
      return;
    }
    if (!form.hasAttribute("data-batch") || !window.fetch || !window.FormData) {
      return;
    }
    var submitter = event.submitter;
    if (!submitter || submitter.value !== "batch-save") {
      return;
    }
    var chosen = Array.prototype.slice.call(form.querySelectorAll("input[name='items']:checked"));
    if (chosen.length === 0) {
      return; // the server says what to do
    }
    event.preventDefault();
    saveOneByOne(form, chosen);
  });

  function saveOneByOne(form, chosen) {
    var progress = document.getElementById("batch-progress");
    var bar = progress ? progress.querySelector("progress") : null;
    var label = progress ? progress.querySelector("[data-progress-label]") : null;
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
    if (progress) {
      progress.hidden = false;
    }
    if (bar) {
      bar.max = chosen.length;
      bar.value = 0;
    }
    var done = 0;
    var saved = 0;

    function status(index, text, failed) {
      var cell = document.getElementById("batch-status-" + index);
      if (cell) {
        cell.textContent = text;
        cell.classList.toggle("tag--failed", Boolean(failed));
        cell.classList.toggle("tag--sent", !failed);
      }
    }

    function next() {
      if (done === chosen.length) {
        if (label) {
          label.textContent = form.getAttribute("data-done-text")
            .replace("%(saved)s", saved).replace("%(total)s", chosen.length);
        }
        Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
        return;
      }
      var box = chosen[done];
      var data = new FormData(form);
      data.delete("items");
      data.append("items", box.value);
      data.set("action", "batch-save");
      // form.action would be the button named "action": read the attribute.
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      }).then(function (payload) {
        var result = payload.results[0];
        if (result && result.saved) {
          saved += 1;
          box.checked = false;
          box.disabled = true;
          status(box.value, form.getAttribute("data-saved-text"), false);
        } else {
          status(box.value, result ? result.error : form.getAttribute("data-failed-text"), true);
        }
      }).catch(function () {
        status(box.value, form.getAttribute("data-failed-text"), true);
      }).then(function () {
        done += 1;
        if (bar) {
          bar.value = done;
        }
        if (label) {
          label.textContent = form.getAttribute("data-progress-text")
            .replace("%(done)s", done).replace("%(total)s", chosen.length);
        }
        next();
      });
    }
    next();
  }
})();
