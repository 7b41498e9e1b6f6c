// Sillage — admin pages: live Markdown preview in the article editor; "select all" in the
// comment inbox.
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
