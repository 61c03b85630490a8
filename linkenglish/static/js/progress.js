// Shows a progress indicator while a form marked data-progress="ID" is sending (an upload
// or an import can take some seconds) and stops a second click. Without JavaScript the
// form simply submits.
(function () {
  "use strict";

  function reset(form) {
    var note = document.getElementById(form.dataset.progress);
    if (note) {
      note.hidden = true;
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }

  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var note = document.getElementById(form.dataset.progress);
      if (note) {
        note.hidden = false;
      }
      // Disabled once the browser has taken the form's data, so the form is still sent.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });

  // Coming back with the Back button shows the page as it was left: make it usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-progress]").forEach(reset);
    }
  });
})();
