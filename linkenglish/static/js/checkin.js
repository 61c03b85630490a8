// Keeps the teacher's check-in screen current: asks the server for the code of the minute
// at least every 10 seconds and as soon as it changes, and reloads the page once the window
// has closed. Without JavaScript a <noscript> refresh reloads the whole page instead.
(function () {
  "use strict";

  var board = document.querySelector("[data-checkin-refresh]");
  if (!board) {
    return;
  }
  var url = board.dataset.checkinRefresh;
  var fields = ["code", "minute", "closes", "checked_in"];

  function schedule(delay) {
    window.setTimeout(refresh, Math.max(500, Math.min(delay || 10000, 10000)));
  }

  function show(state) {
    if (!state.open) {
      window.location.reload();
      return;
    }
    fields.forEach(function (name) {
      var element = board.querySelector('[data-checkin="' + name + '"]');
      if (element && element.textContent !== state[name]) {
        element.textContent = state[name];
      }
    });
    schedule(state.refresh_ms);
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected) {
          window.location.reload(); // signed out meanwhile: show the sign-in page
        }
        if (!response.ok || response.redirected) {
          throw new Error("check-in state " + response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        schedule(10000); // a dropped connection: try again, keep showing the last code
      });
  }

  schedule(Number(board.dataset.checkinDelay));
})();
