// Sillage — the pink comment bubble. Without JavaScript it is a link to #comments; with it, a
// real button that opens the comment section as a panel (focus moves in, Esc closes and gives
// focus back) and that announces new approved comments while the page is open.
(function () {
  "use strict";

  var bubble = document.querySelector("a.bubble[data-count-url]");
  var section = document.getElementById("comments");
  if (!bubble || !section) { return; }

  var heading = section.querySelector("h2");
  var countBadge = bubble.querySelector(".bubble__count");
  var known = Number(bubble.getAttribute("data-count")) || 0;
  var live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  var close = document.createElement("button");
  close.type = "button";
  close.className = "comments__close";
  close.textContent = "×";
  close.setAttribute("aria-label", bubble.getAttribute("data-close") || "");
  close.hidden = true;
  section.insertBefore(close, section.firstChild);

  bubble.setAttribute("role", "button");
  bubble.setAttribute("aria-controls", "comments");
  bubble.setAttribute("aria-expanded", "false");
  if (heading) { heading.tabIndex = -1; }

  function isOpen() { return section.classList.contains("comments--panel"); }

  function open() {
    section.classList.add("comments--panel");
    close.hidden = false;
    bubble.setAttribute("aria-expanded", "true");
    (heading || section).focus();
  }

  function shut() {
    section.classList.remove("comments--panel");
    close.hidden = true;
    bubble.setAttribute("aria-expanded", "false");
    bubble.focus();
  }

  bubble.addEventListener("click", function (event) {
    event.preventDefault();
    if (isOpen()) { shut(); } else { open(); }
  });
  bubble.addEventListener("keydown", function (event) {
    if (event.key === " ") { event.preventDefault(); bubble.click(); }
  });
  close.addEventListener("click", shut);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) { shut(); }
  });

  function showCount(count, text) {
    known = count;
    if (countBadge) { countBadge.textContent = String(count); }
    // The label is "N Word": the number shows, the word is for screen readers.
    var word = bubble.querySelector(".bubble__word");
    if (word) { word.textContent = " " + text.replace(/^\S+\s*/, "") + ")"; }
  }

  function poll() {
    fetch(bubble.getAttribute("data-count-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || typeof answer.count !== "number" || answer.count === known) { return; }
        var more = answer.count > known;
        showCount(answer.count, answer.label);
        if (more) {
          bubble.classList.add("bubble--new");
          live.textContent = answer.label + ". " + (bubble.getAttribute("data-new") || "");
          document.dispatchEvent(new CustomEvent("sillage:new-comments", { detail: answer }));
        }
      })
      .catch(function () { /* offline for a moment: the next look will tell */ });
  }

  var seconds = Number(bubble.getAttribute("data-poll")) || 20;
  window.setInterval(poll, Math.max(seconds, 1) * 1000);
})();
