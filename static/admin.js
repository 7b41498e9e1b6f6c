// Sillage — admin pages: live Markdown preview in the article editor; "select all" in the
// comment inbox; a newsletter's page following its send.
(function () {
  "use strict";

  var source = document.querySelector("textarea[data-preview-target]");
  if (!source || !window.fetch) { return; }
  var target = document.getElementById(source.getAttribute("data-preview-target"));
  if (!target) { return; }
  var url = target.getAttribute("data-preview-url");
  if (!url) { return; }
  var csrf = target.getAttribute("data-csrf") || "";

  var timer = 0;
  var sent = 0;   // number of the last request sent
  var shown = 0;  // number of the request whose result is displayed

  function refresh() {
    var id = ++sent;
    var body = new URLSearchParams();
    body.set("csrf_token", csrf);
    body.set("body", source.value);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
      body: body.toString()
    }).then(function (response) {
      if (response.status !== 200) { throw new Error("preview " + response.status); }
      return response.text();
    }).then(function (html) {
      if (id <= shown) { return; } // a newer preview is already displayed
      shown = id;
      target.innerHTML = html; // sanitised server-side
    }).catch(function () {
      // Keep the last good preview.
    });
  }

  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
})();

// The inbox's "select all" box ticks every comment checkbox of its bulk form. Without
// JavaScript the box stays hidden and each comment is ticked by hand.
(function () {
  "use strict";

  var all = document.querySelector("input[data-select-all]");
  if (!all) { return; }
  var formId = all.getAttribute("data-select-all");
  var boxes = document.querySelectorAll('input[type="checkbox"][name="ids"][form="' + formId + '"]');
  all.parentNode.hidden = false;

  all.addEventListener("change", function () {
    Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
  });
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  });
})();

// A newsletter's page follows its send: while the send is scheduled or running, its figures
// are asked again every few seconds from the page's JSON view and shown in place (status,
// sentence, bar, counts, the controls that fit); once it is over, asking stops. Without
// JavaScript the page keeps its "refresh" link.
(function () {
  "use strict";

  var section = document.querySelector("[data-live-progress]");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-live-progress");
  var refresh = document.querySelector("[data-live-refresh]");
  var bar = section.querySelector("[data-live-bar]");
  var COUNTS = ["planned", "sent", "failed", "pending", "skipped"];
  if (refresh) { refresh.hidden = true; }

  function setText(element, text) {
    // Only a change is written: the sentence is a live region, read out when it changes.
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function show(progress) {
    setText(document.querySelector("[data-live-status]"), progress.label);
    setText(section.querySelector("[data-live-summary]"), progress.summary);
    COUNTS.forEach(function (name) {
      setText(section.querySelector('[data-count="' + name + '"]'), String(progress[name]));
    });
    if (bar) {
      bar.max = progress.max;
      bar.value = progress.done;
      setText(bar, progress.done + " / " + progress.planned);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-when]"), function (el) {
      el.hidden = el.getAttribute("data-live-when").split(" ").indexOf(progress.status) < 0;
    });
  }

  function ask() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status !== 200) { throw new Error("progress " + response.status); }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.live) { window.setTimeout(ask, progress.status === "sending" ? 1500 : 3000); }
      })
      .catch(function () {
        // The session ended or the server is away: offer the link, and try again slowly.
        if (refresh) { refresh.hidden = false; }
        window.setTimeout(ask, 15000);
      });
  }

  window.setTimeout(ask, 1500);
})();
