// Sillage — the comment section with JavaScript: inline comments (a button beside each
// paragraph, shown on hover and out of the Tab order, one for a selected passage, and for the
// keyboard one list of the paragraphs in the form fill the form's `anchor` with a text-quote
// selector and show the quote), highlighting of the passages commented on, the two tabs, and the next
// pages of threads and new comments loaded in place. Without it, every part is a plain link.
(function () {
  "use strict";

  var section = document.getElementById("comments");
  var body = document.querySelector(".article__body");
  var form = document.getElementById("comment-form");
  if (!section || !form) { return; }

  var anchorInput = form.querySelector("[name=anchor]");
  var quoteBox = document.getElementById("comment-quote");
  var quoteText = quoteBox && quoteBox.querySelector(".comment-form__quote-text");
  var textarea = document.getElementById("comment-body");
  var CONTEXT = 32;
  var MAX_EXACT = 500;

  function normalize(text) { return text.replace(/\s+/g, " ").trim(); }

  function chars(text) { return Array.from(text); }

  // The text nodes of a paragraph, without the markers and buttons added to it.
  function textNodes(p) {
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".inline-marker, .inline-add") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    return nodes;
  }

  // The paragraph's normalised text, and for each of its UTF-16 units the node and offset it
  // comes from (so a quote found in the text becomes a DOM range).
  function readParagraph(p) {
    var text = "";
    var map = [];
    var space = false;
    textNodes(p).forEach(function (node) {
      var raw = node.nodeValue;
      for (var i = 0; i < raw.length; i += 1) {
        if (/\s/.test(raw[i])) { space = text.length > 0; continue; }
        if (space) { text += " "; map.push({ node: node, offset: i }); space = false; }
        text += raw[i];
        map.push({ node: node, offset: i });
      }
    });
    return { text: text, map: map };
  }

  function rangeOf(p, quote) {
    var read = readParagraph(p);
    var at = read.text.indexOf(quote);
    if (at < 0 || !quote) { return null; }
    var start = read.map[at];
    var end = read.map[at + quote.length - 1];
    var range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset + 1);
    return range;
  }

  // Highlights (CSS Custom Highlight API, where the browser has it) change no markup.
  var canHighlight = typeof window.Highlight === "function" && window.CSS && CSS.highlights;

  function highlightCommented() {
    if (!canHighlight || !body) { return; }
    var ranges = [];
    section.querySelectorAll(".inline-comment[data-paragraph]").forEach(function (item) {
      var p = document.getElementById(item.getAttribute("data-paragraph"));
      var range = p && body.contains(p) ? rangeOf(p, item.getAttribute("data-quote") || "") : null;
      if (range) { ranges.push(range); }
    });
    CSS.highlights.set("inline-comments", new Highlight(...ranges));
  }

  // `stay`: the reader is choosing in the form's list; neither scroll nor move the focus.
  function showQuote(p, exact, stay) {
    if (!anchorInput || !quoteBox) { return; }
    var text = readParagraph(p).text;
    var quote = chars(normalize(exact)).slice(0, MAX_EXACT).join("");
    var at = text.indexOf(quote);
    var before = at > 0 ? chars(text.slice(0, at)) : [];
    var after = at >= 0 ? chars(text.slice(at + quote.length)) : [];
    anchorInput.value = JSON.stringify({
      p: p.id,
      exact: quote,
      prefix: before.slice(Math.max(0, before.length - CONTEXT)).join(""),
      suffix: after.slice(0, CONTEXT).join("")
    });
    quoteText.textContent = quote;
    quoteBox.hidden = false;
    if (canHighlight) {
      var range = rangeOf(p, quote);
      CSS.highlights.set("inline-draft", range ? new Highlight(range) : new Highlight());
    }
    if (stay) { return; }
    form.scrollIntoView({ block: "start" });
    if (textarea) { textarea.focus(); }
  }

  function dropQuote() {
    if (anchorInput) { anchorInput.value = ""; }
    var list = document.getElementById("comment-passage");
    if (list) { list.value = ""; }
    if (quoteBox) { quoteBox.hidden = true; }
    if (canHighlight) { CSS.highlights.delete("inline-draft"); }
  }

  if (quoteBox) {
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button--secondary inline-remove";
    remove.textContent = section.getAttribute("data-remove-label") || "×";
    remove.addEventListener("click", function () { dropQuote(); if (textarea) { textarea.focus(); } });
    quoteBox.appendChild(remove);
  }

  if (body && anchorInput) {
    var label = section.getAttribute("data-passage-label") || "";
    var paragraphs = Array.prototype.slice.call(body.querySelectorAll("p[id^='p-']"));
    paragraphs.forEach(function (p) {
      var add = document.createElement("button");
      add.type = "button";
      add.className = "inline-add";
      // One per paragraph: out of the Tab order (the form's list below is the keyboard's way).
      add.tabIndex = -1;
      add.setAttribute("aria-label", label + "\u00a0: «\u00a0" + readParagraph(p).text.slice(0, 60) + "…\u00a0»");
      add.title = label;
      add.addEventListener("click", function () { showQuote(p, readParagraph(p).text); });
      p.appendChild(add);
    });

    // The keyboard's way to a paragraph: one list in the form, the whole article first.
    if (paragraphs.length && quoteBox) {
      var pickField = document.createElement("p");
      pickField.className = "comment-form__passage";
      var pickLabel = document.createElement("label");
      pickLabel.htmlFor = "comment-passage";
      pickLabel.textContent = section.getAttribute("data-pick-label") || "";
      var list = document.createElement("select");
      list.id = "comment-passage";
      list.appendChild(new Option(section.getAttribute("data-pick-none") || "—", ""));
      paragraphs.forEach(function (p, index) {
        var text = readParagraph(p).text;
        list.appendChild(new Option("§ " + (index + 1) + " — " + text.slice(0, 70) + (text.length > 70 ? "…" : ""), p.id));
      });
      list.addEventListener("change", function () {
        var p = list.value && document.getElementById(list.value);
        if (p) { showQuote(p, readParagraph(p).text, true); } else { dropQuote(); }
      });
      pickField.appendChild(pickLabel);
      pickField.appendChild(list);
      quoteBox.parentNode.insertBefore(pickField, quoteBox);
    }

    var pick = document.createElement("button");
    pick.type = "button";
    pick.className = "inline-select";
    pick.textContent = section.getAttribute("data-selection-label") || "";
    pick.hidden = true;
    document.body.appendChild(pick);
    var picked = null;

    var offerSelection = function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { pick.hidden = true; return; }
      var range = selection.getRangeAt(0);
      var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      var p = start && start.closest("p[id^='p-']");
      var text = normalize(selection.toString());
      if (!p || !body.contains(p) || !p.contains(range.endContainer) || !text) { pick.hidden = true; return; }
      picked = { p: p, text: text };
      var box = range.getBoundingClientRect();
      pick.style.top = (window.scrollY + box.bottom + 6) + "px";
      pick.style.left = (window.scrollX + box.left) + "px";
      pick.hidden = false;
    };
    body.addEventListener("mouseup", function () { window.setTimeout(offerSelection, 0); });
    body.addEventListener("keyup", offerSelection);
    pick.addEventListener("click", function () {
      pick.hidden = true;
      if (picked) { showQuote(picked.p, picked.text); }
    });
  }

  // Tabs: both panels are in the page; with JavaScript one shows at a time.
  var tabs = Array.prototype.slice.call(section.querySelectorAll(".comments__tab"));
  function showPanel(id) {
    tabs.forEach(function (tab) {
      var mine = tab.getAttribute("data-panel") === id;
      var panel = document.getElementById(tab.getAttribute("data-panel"));
      if (panel) { panel.hidden = !mine; }
      if (mine) { tab.setAttribute("aria-current", "true"); } else { tab.removeAttribute("aria-current"); }
    });
  }
  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      showPanel(tab.getAttribute("data-panel"));
    });
  });
  // A marker beside a passage leads to the inline tab.
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.inline-marker");
    if (marker) { showPanel("inline-comments"); }
  });
  showPanel(/^#inline-comment/.test(window.location.hash) ? "inline-comments" : "comment-list");

  // The next pages of threads, loaded in place one after the other.
  function fetchPage(url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  function loadAll(link) {
    var list = section.querySelector(".comment-list");
    link.setAttribute("aria-busy", "true");
    fetchPage(link.getAttribute("data-next") || link.href).then(function (doc) {
      var items = doc.querySelectorAll("#comment-list .comment-list > li");
      var first = null;
      items.forEach(function (item) {
        var node = document.importNode(item, true);
        list.appendChild(node);
        first = first || node;
      });
      var next = doc.querySelector("#comment-list a.comments__more");
      if (next) {
        link.href = next.getAttribute("href");
        link.setAttribute("data-next", next.getAttribute("data-next") || next.getAttribute("href"));
        loadAll(link);
      } else {
        link.parentElement.remove();
      }
      if (first) { first.tabIndex = -1; first.focus(); }
    }).catch(function () { window.location.href = link.href; });
  }

  section.addEventListener("click", function (event) {
    var more = event.target.closest && event.target.closest("a.comments__more");
    if (more && section.querySelector(".comment-list")) {
      event.preventDefault();
      loadAll(more);
    }
  });

  // New approved comments (announced by the bubble): a button puts them in the page.
  document.addEventListener("sillage:new-comments", function () {
    if (section.querySelector(".comments__show-new")) { return; }
    var show = document.createElement("button");
    show.type = "button";
    show.className = "button button--secondary comments__show-new";
    show.textContent = section.getAttribute("data-show-new") || "";
    show.addEventListener("click", function () {
      fetchPage(window.location.pathname + window.location.search).then(function (doc) {
        var title = document.getElementById("comments-title");
        var freshTitle = doc.getElementById("comments-title");
        if (title && freshTitle) { title.textContent = freshTitle.textContent; }
        ["comment-list", "inline-comments"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
        });
        show.remove();
        showPanel("comment-list");
        highlightCommented();
        var list = section.querySelector(".comment-list");
        if (list) { list.tabIndex = -1; list.focus(); }
      });
    });
    var title = document.getElementById("comments-title");
    title.parentNode.insertBefore(show, title.nextSibling);
  });

  highlightCommented();
})();
