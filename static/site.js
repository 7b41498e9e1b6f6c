// Sillage — public pages: "copy link", native share, and the view beacon when the site counts
// views from its pages (analytics.mode = "beacon"). No inline handlers (strict CSP).
(function () {
  "use strict";

  var live = null;

  // A visually hidden live region, created on first use.
  function announce(message) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    // Let the empty state land first so the same message is announced again.
    window.setTimeout(function () { live.textContent = message; }, 50);
  }

  function setupCopy(link) {
    var url = link.getAttribute("data-copy");
    var copied = link.getAttribute("data-copied") || "";
    var original = link.textContent;
    var timer = 0;

    link.addEventListener("click", function (event) {
      if (!url || !navigator.clipboard || !navigator.clipboard.writeText) {
        return; // no clipboard support: the link keeps working as a link
      }
      event.preventDefault();
      navigator.clipboard.writeText(url).then(function () {
        if (!copied) { return; }
        link.textContent = copied;
        link.classList.add("is-copied");
        announce(copied);
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          link.textContent = original;
          link.classList.remove("is-copied");
        }, 2000);
      }, function () {
        // Copy refused (permissions, unfocused document): nothing else to do.
      });
    });
  }

  function setupNativeShare(nav) {
    var copyLink = nav.querySelector(".share__copy[data-copy]");
    var url = copyLink ? copyLink.getAttribute("data-copy") : window.location.href;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "share__native";
    button.textContent = nav.getAttribute("aria-label") || "Partager";
    button.addEventListener("click", function () {
      Promise.resolve(navigator.share({ title: document.title, url: url })).catch(function () {
        // AbortError: the reader closed the share sheet. Nothing to report either way.
      });
    });
    var label = nav.querySelector(".share__label");
    nav.insertBefore(button, label ? label.nextSibling : nav.firstChild);
    nav.classList.add("share--native");
  }

  Array.prototype.forEach.call(document.querySelectorAll("a.share__copy[data-copy]"), setupCopy);

  if (typeof navigator.share === "function") {
    Array.prototype.forEach.call(document.querySelectorAll("nav.share"), setupNativeShare);
  }

  // A table wider than the text column says that it scrolls sideways (on a phone, mostly),
  // and stops saying so once the screen is wide enough.
  var articleBody = document.querySelector(".article__body[data-scroll-hint]");
  if (articleBody) {
    var hintText = articleBody.getAttribute("data-scroll-hint");
    var markScrolling = function () {
      Array.prototype.forEach.call(articleBody.querySelectorAll(".table-wrap"), function (wrap) {
        var hint = wrap.previousElementSibling;
        var hasHint = hint && hint.classList.contains("table-hint");
        var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
        if (scrolls && !hasHint) {
          hint = document.createElement("p");
          hint.className = "table-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = hintText;
          wrap.parentNode.insertBefore(hint, wrap);
        } else if (!scrolls && hasHint) {
          hint.remove();
        }
      });
    };
    markScrolling();
    window.addEventListener("resize", markScrolling, { passive: true });
  }

  // The page's view, reported once it is shown: its signed token, where the reader came from
  // and the page's query (its campaign). Counted by the server's own rules.
  function reportView(token) {
    if (!navigator.sendBeacon) { return; }
    var data = new URLSearchParams();
    data.set("v", token);
    data.set("r", document.referrer || "");
    data.set("q", window.location.search.replace(/^\?/, ""));
    navigator.sendBeacon("/a", data);
  }

  var viewToken = document.body.getAttribute("data-view");
  if (viewToken) {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", function () { reportView(viewToken); }, { once: true });
    } else {
      reportView(viewToken);
    }
  }
})();
