// Sillage — the pink comment bubble. Without JavaScript it is a link to #comments; with it, a
// real button that opens the comment section as a dialog panel (focus moves in and stays in it
// while it is open, Esc closes and gives focus back), that announces new approved comments
// while the page is open, and that slides out of the way on a phone while the reader scrolls
// down the text.
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
    section.setAttribute("role", "dialog");
    section.setAttribute("aria-modal", "true");
    close.hidden = false;
    bubble.setAttribute("aria-expanded", "true");
    bubble.classList.remove("bubble--away");
    (heading || section).focus();
  }

  function shut() {
    section.classList.remove("comments--panel");
    section.removeAttribute("role");
    section.removeAttribute("aria-modal");
    close.hidden = true;
    bubble.setAttribute("aria-expanded", "false");
    bubble.focus();
  }

  // What Tab can reach inside the open panel, in order.
  function stops() {
    return Array.prototype.filter.call(
      section.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"),
      function (el) {
        return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0;
      }
    );
  }

  // While open, Tab from the last stop goes back to the first and Shift+Tab the other way.
  section.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || !isOpen()) { return; }
    var all = stops();
    if (!all.length) { return; }
    var first = all[0], last = all[all.length - 1];
    var at = document.activeElement;
    if (event.shiftKey && (at === first || at === heading || at === section)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && at === last) {
      event.preventDefault();
      first.focus();
    }
  });

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

  // On a narrow screen: away while scrolling down, back when scrolling up or near the end.
  var lastY = window.scrollY;
  var narrow = window.matchMedia("(max-width: 46rem)");
  window.addEventListener("scroll", function () {
    var y = window.scrollY;
    var nearEnd = window.innerHeight + y >= document.documentElement.scrollHeight - 80;
    var away = narrow.matches && !isOpen() && document.activeElement !== bubble &&
      y > lastY + 4 && !nearEnd;
    if (away) { bubble.classList.add("bubble--away"); }
    else if (y < lastY - 4 || nearEnd) { bubble.classList.remove("bubble--away"); }
    lastY = y;
  }, { passive: true });

  var seconds = Number(bubble.getAttribute("data-poll")) || 20;
  window.setInterval(poll, Math.max(seconds, 1) * 1000);
})();
