// Sillage — images in article bodies and the media library.
// In the editor: "Insérer l'image" sends the chosen file with its words to /admin/media and
// inserts the figure's Markdown at the cursor; an image dropped on or pasted into the body is
// taken as the chosen file, waiting for its alternative text. Without JavaScript the button
// stays hidden and the form's own submit carries the file.
// In the library: "Copier" puts an image's Markdown on the clipboard.
(function () {
  "use strict";

  var panel = document.querySelector("[data-media-upload]");
  if (!panel || !window.fetch || !window.FormData) { return; }
  var form = panel.closest("form");
  var body = document.getElementById("body");
  var file = panel.querySelector("input[type=file]");
  var alt = document.getElementById("body_image_alt");
  var caption = document.getElementById("body_image_caption");
  var button = panel.querySelector("[data-media-insert]");
  var status = panel.querySelector("[data-media-status]");
  if (!form || !body || !file || !alt || !caption || !button || !status) { return; }
  var csrf = form.querySelector("input[name=csrf_token]");
  var fields = { image: file, alt: alt, caption: caption };
  button.hidden = false;

  function say(text) { status.textContent = text; }

  function clearInvalid() {
    Object.keys(fields).forEach(function (name) { fields[name].removeAttribute("aria-invalid"); });
  }

  // The figure is a paragraph of its own: blank lines around it, the cursor after it.
  function insertAtCursor(markdown) {
    var start = body.selectionStart, end = body.selectionEnd;
    var before = body.value.slice(0, start), after = body.value.slice(end);
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var trail = after === "" ? "\n" : (/^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n"));
    var text = lead + markdown + trail;
    body.value = before + text + after;
    var cursor = before.length + text.length;
    body.setSelectionRange(cursor, cursor);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  button.addEventListener("click", function () {
    var data = new FormData();
    data.append("csrf_token", csrf ? csrf.value : "");
    data.append("alt", alt.value);
    data.append("caption", caption.value);
    if (file.files && file.files[0]) { data.append("image", file.files[0]); }
    clearInvalid();
    button.disabled = true;
    say(panel.getAttribute("data-sending"));
    fetch(panel.getAttribute("data-media-upload"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: data
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (answer) {
      if (answer.ok) {
        insertAtCursor(answer.json.markdown);
        file.value = "";
        alt.value = "";
        caption.value = "";
        say(panel.getAttribute("data-inserted"));
        body.focus();
      } else {
        var field = fields[answer.json.field] || file;
        field.setAttribute("aria-invalid", "true");
        say(answer.json.error);
        field.focus();
      }
    }).catch(function () {
      say(panel.getAttribute("data-failed"));
    }).then(function () {
      button.disabled = false;
    });
  });

  // A dropped or pasted image becomes the chosen file; its words are asked for next.
  function take(files) {
    var image = Array.prototype.filter.call(files || [], function (f) {
      return /^image\//.test(f.type);
    })[0];
    if (!image || !window.DataTransfer) { return false; }
    var chosen = new DataTransfer();
    chosen.items.add(image);
    file.files = chosen.files;
    say(panel.getAttribute("data-chosen"));
    alt.focus();
    return true;
  }

  body.addEventListener("dragover", function (event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
      event.preventDefault();
    }
  });
  body.addEventListener("drop", function (event) {
    if (event.dataTransfer && take(event.dataTransfer.files)) { event.preventDefault(); }
  });
  body.addEventListener("paste", function (event) {
    if (event.clipboardData && take(event.clipboardData.files)) { event.preventDefault(); }
  });
})();

(function () {
  "use strict";

  var buttons = document.querySelectorAll("[data-copy]");
  if (!buttons.length || !navigator.clipboard) { return; }
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied"); }
      });
    });
  });
})();
