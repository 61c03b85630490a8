// Autosave for the essay editor (form#essay-form): saves while the writer types and when
// the page is hidden or closed, keeps unconfirmed text in this browser's storage and offers
// it back on the next visit. Without JavaScript the form's buttons still save.
//
// Messages come from data-msg-* attributes on the form (or on #autosave-status), so they
// can be translated; the English below is only a fallback. {time} and {count} are filled in.
(function () {
  "use strict";

  var QUIET_MS = 1500; // save this long after the last keystroke...
  var MAX_WAIT_MS = 10000; // ...and at least this often during continuous typing
  var RETRY_MS = [5000, 15000, 30000, 60000]; // after a network failure
  var KEEPALIVE_LIMIT = 60000; // browsers refuse keepalive bodies over 64 KiB

  var DEFAULTS = {
    saving: "Saving…",
    saved: "Saved at {time}",
    signedOut:
      "Your sign-in has expired. Sign in again in another tab; your text is kept here " +
      "and will be saved when you come back.",
    offline: "Not saved: no connection. Your text is kept in this browser.",
    failed: "Not saved. Your text is kept in this browser; we will try again.",
    expired:
      "Not saved: this page has expired. Your text is kept in this browser; reload the " +
      "page to continue.",
    restoreOffer: "You have unsaved text from {time} in this browser.",
    restore: "Restore it",
    discard: "Discard",
    words: "{count} words",
    wordsOne: "{count} word",
  };

  var form = document.getElementById("essay-form");
  if (!form || !form.dataset.autosaveUrl || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.dataset.autosaveUrl;
  var storageKey = form.dataset.storageKey;
  var title = form.elements.title;
  var body = form.elements.body;
  var revision = form.elements.revision;
  var status = document.getElementById("autosave-status");
  var wordCount = document.getElementById("word-count");
  var locale = document.documentElement.lang || undefined;

  function message(name, values) {
    var text =
      form.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] ||
      (status && status.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)]) ||
      DEFAULTS[name];
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function clock(date, withDay) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (withDay) {
      options.month = "short";
      options.day = "numeric";
    }
    try {
      return date.toLocaleString(locale, options);
    } catch (error) {
      return date.toLocaleString(undefined, options);
    }
  }

  // The server's rule: a word is a run of non-space characters.
  function countWords(text) {
    var runs = text.match(/\S+/g);
    return runs ? runs.length : 0;
  }

  function showWordCount() {
    if (!wordCount) {
      return;
    }
    var count = countWords(body.value);
    if (/^\s*\d+\s*$/.test(wordCount.textContent)) {
      wordCount.textContent = String(count); // the template words it around the number
    } else {
      wordCount.textContent = message(count === 1 ? "wordsOne" : "words", {
        count: count.toLocaleString(locale),
      });
    }
  }

  // --- What the server has confirmed, and what this browser keeps -----------------------

  function current() {
    return { title: title ? title.value : "", body: body.value };
  }

  function same(a, b) {
    return !!a && !!b && a.title === b.title && a.body === b.body;
  }

  var confirmed = current(); // the text the server rendered is the text it has
  var offerOpen = false;

  function stored() {
    try {
      var raw = storageKey && window.localStorage.getItem(storageKey);
      var kept = raw ? JSON.parse(raw) : null;
      return kept && typeof kept.body === "string" ? kept : null;
    } catch (error) {
      return null; // storage disabled, full or garbled: nothing to offer
    }
  }

  function keep() {
    // While an earlier text is offered back, it must not be overwritten before the writer
    // chooses; the new text is still autosaved to the server.
    if (!storageKey || offerOpen) {
      return;
    }
    var text = current();
    try {
      if (same(text, confirmed)) {
        window.localStorage.removeItem(storageKey);
      } else {
        text.kept_at = Date.now();
        window.localStorage.setItem(storageKey, JSON.stringify(text));
      }
    } catch (error) {
      // Storage refused (private mode, quota): the server copy is all we have.
    }
  }

  function forget() {
    try {
      if (storageKey) {
        window.localStorage.removeItem(storageKey);
      }
    } catch (error) {
      // nothing kept, nothing to forget
    }
  }

  // --- Saving ------------------------------------------------------------------------------

  var timer = null;
  var firstUnsavedAt = null; // when the text first differed from the last save started
  var inFlight = null; // the text of the request on its way, if any
  var failure = null; // "signed_out", "offline", "failed", "expired"
  var retries = 0;
  var tokenRefreshed = false;
  var submitting = false;
  var heldSubmitter = null; // a button click that waits for a save on its way

  function unsaved() {
    var text = current();
    return !same(text, confirmed) && !same(text, inFlight);
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  function changed() {
    showWordCount();
    keep();
    if (submitting) {
      return;
    }
    var now = Date.now();
    if (firstUnsavedAt === null) {
      firstUnsavedAt = now;
    }
    schedule(Math.max(0, Math.min(QUIET_MS, firstUnsavedAt + MAX_WAIT_MS - now)));
  }

  function save() {
    window.clearTimeout(timer);
    timer = null;
    if (submitting || inFlight || !unsaved()) {
      return;
    }
    var text = current();
    var data = new FormData(form);
    data.delete("action"); // an autosave never freezes a version
    firstUnsavedAt = null;
    inFlight = text;
    if (!failure) {
      say(message("saving")); // a failure stays on screen until a save succeeds
    }
    window
      .fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "manual", // a redirect to the sign-in page is a signed-out answer too
        // Survives the page closing, so a save started just before is not cut off.
        keepalive: text.title.length + text.body.length < KEEPALIVE_LIMIT / 4,
      })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) {
          return { problem: "signed_out" };
        }
        return response.json().then(
          function (answer) {
            if (response.ok) {
              return { answer: answer };
            }
            if (answer && answer.error === "csrf") {
              return { problem: "csrf" };
            }
            if (answer && answer.error === "invalid") {
              return { problem: "invalid", detail: answer.message };
            }
            return { problem: "failed" };
          },
          function () {
            return { problem: "failed" };
          }
        );
      })
      .catch(function () {
        return { problem: "offline" };
      })
      .then(function (outcome) {
        inFlight = null;
        if (outcome.answer) {
          saved(text, outcome.answer);
        } else {
          failed(outcome.problem, outcome.detail);
        }
        if (heldSubmitter) {
          submitHeld();
        } else if (!failure && unsaved()) {
          changed(); // typed while the request was on its way
        }
      });
  }

  function saved(text, answer) {
    failure = null;
    retries = 0;
    tokenRefreshed = false;
    if (typeof answer.revision === "number") {
      revision.value = String(answer.revision);
    }
    confirmed = text;
    keep(); // clears the stored copy when it is exactly this text
    if (answer.warning) {
      say(answer.warning);
      return;
    }
    var when = answer.saved_at ? new Date(answer.saved_at) : new Date();
    say(message("saved", { time: clock(isNaN(when) ? new Date() : when) }));
  }

  function failed(problem, detail) {
    keep();
    if (problem === "invalid") {
      // The server refused this text (too long, say): retrying it will not help, the
      // writer's next change will.
      failure = "invalid";
      say(detail || message("failed"));
      return;
    }
    if (problem === "csrf" && !tokenRefreshed) {
      // The token belongs to the session; after signing in again it is a new one.
      tokenRefreshed = true;
      readPage(["csrf_token"]).then(save);
      return;
    }
    failure = problem === "csrf" ? "expired" : problem;
    say(
      message(
        {
          signed_out: "signedOut",
          offline: "offline",
          expired: "expired",
          failed: "failed",
        }[failure]
      )
    );
    if (failure === "offline" || failure === "failed") {
      var delay = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
      retries += 1;
      schedule(delay);
    }
    // signed_out and expired wait for the next change, or for the window's focus.
  }

  // Take hidden fields (a fresh CSRF token, the current revision) from this page as the
  // server renders it now. DOMParser runs no script and loads nothing.
  function readPage(names) {
    if (!window.DOMParser) {
      return Promise.resolve();
    }
    return window
      .fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new window.DOMParser().parseFromString(html, "text/html");
        names.forEach(function (name) {
          var fresh = page.querySelector('input[name="' + name + '"]');
          if (fresh && fresh.value && form.elements[name]) {
            form.elements[name].value = fresh.value;
          }
        });
      })
      .catch(function () {
        // no connection: the next save will say so
      });
  }

  function retryNow() {
    if (failure && unsaved()) {
      save();
    }
  }

  // Send what is not saved yet as the page goes away (pagehide comes first when it closes).
  // A beacon is delivered even after the page is gone, but its answer cannot be read: the
  // stored copy stays until a later visit finds the same text on the server.
  var beaconSent = false;

  function sendBeforeLeaving() {
    if (submitting || !unsaved()) {
      return;
    }
    window.clearTimeout(timer);
    var text = current();
    var data = new FormData(form);
    data.delete("action");
    keep();
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) {
      confirmed = text; // on its way; if it is lost, storage still has it
      firstUnsavedAt = null;
      beaconSent = true;
    }
  }

  // --- Offering back what this browser kept -----------------------------------------------

  function offerStored() {
    var kept = stored();
    if (!kept) {
      return;
    }
    kept.title = typeof kept.title === "string" ? kept.title : "";
    if (same(kept, confirmed)) {
      forget(); // the server has it
      return;
    }
    var keptAt = new Date(kept.kept_at || Date.now());
    var today = new Date().toDateString() === keptAt.toDateString();
    var offer = document.createElement("div");
    offer.className = "flash autosave-offer";
    offer.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = message("restoreOffer", { time: clock(keptAt, !today) });
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = message("restore");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button-secondary";
    discard.textContent = message("discard");
    offer.appendChild(text);
    offer.appendChild(restore);
    offer.appendChild(document.createTextNode(" "));
    offer.appendChild(discard);
    form.parentNode.insertBefore(offer, form);
    offerOpen = true;

    function close() {
      offerOpen = false;
      offer.parentNode.removeChild(offer);
    }
    restore.addEventListener("click", function () {
      close();
      if (title) {
        title.value = kept.title;
      }
      body.value = kept.body;
      body.focus();
      changed();
    });
    discard.addEventListener("click", function () {
      close();
      forget();
      keep(); // the textarea's own text, if it is not saved yet
      body.focus();
    });
  }

  // --- Wiring ------------------------------------------------------------------------------

  form.addEventListener("input", function (event) {
    if (event.target === body || event.target === title) {
      changed();
    }
  });

  form.addEventListener("submit", function (event) {
    if (inFlight) {
      // Let the save on its way return first, so the form carries the new revision.
      event.preventDefault();
      heldSubmitter = event.submitter || null;
      return;
    }
    window.clearTimeout(timer);
    submitting = true;
  });

  function submitHeld() {
    var button = heldSubmitter;
    heldSubmitter = null;
    if (form.requestSubmit) {
      form.requestSubmit(button || undefined);
      return;
    }
    if (button && button.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
    }
    submitting = true;
    form.submit();
  }

  // Hidden but alive (another tab, another app): an ordinary save, sent with keepalive, so
  // its answer still updates the revision; a beacon's answer would be lost and the next
  // save would look like one from a second tab. A save already on its way with this text
  // makes the beacon unnecessary.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (!inFlight) {
        save();
      }
      sendBeforeLeaving();
    } else {
      retryNow();
    }
  });
  window.addEventListener("pagehide", sendBeforeLeaving);
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    submitting = false; // back from the page the form went to
    if (beaconSent) {
      beaconSent = false;
      readPage(["revision"]); // the beacon's save raised it
    }
  });
  window.addEventListener("focus", retryNow);
  window.addEventListener("online", retryNow);

  offerStored();
  showWordCount();
})();
