// Sillage — the article rating: without JavaScript five submit buttons; with it, a radio group
// that previews on hover and with the arrow keys and sends the vote in place.
(function () {
  "use strict";

  function setup(form) {
    var group = form.querySelector(".rating__stars");
    var legend = form.querySelector(".rating__legend");
    var stars = Array.prototype.slice.call(form.querySelectorAll(".rating__star"));
    var section = form.closest(".rating");
    var summary = section.querySelector("[data-rating-summary]");
    var mineTemplate = form.getAttribute("data-mine-template") || "";
    var error = null;
    var mine = 0;

    if (legend) {
      legend.id = legend.id || "rating-legend";
      group.setAttribute("aria-labelledby", legend.id);
    }
    group.setAttribute("role", "radiogroup");
    stars.forEach(function (star, index) {
      star.setAttribute("role", "radio");
      if (star.getAttribute("aria-pressed") === "true") { mine = index + 1; }
      star.removeAttribute("aria-pressed");
    });

    function paint(count, className) {
      stars.forEach(function (star, index) { star.classList.toggle(className, index < count); });
    }

    function check(value) {
      stars.forEach(function (star, index) {
        var checked = index + 1 === value;
        star.setAttribute("aria-checked", checked ? "true" : "false");
        star.classList.toggle("is-mine", checked);
      });
      var focusable = value > 0 ? value - 1 : 0;
      stars.forEach(function (star, index) { star.tabIndex = index === focusable ? 0 : -1; });
    }

    function showError(message) {
      if (!error) {
        error = document.createElement("p");
        error.className = "form-error";
        error.setAttribute("role", "alert");
        section.appendChild(error);
      }
      error.textContent = message;
      error.hidden = !message;
    }

    function showMine(value) {
      var line = section.querySelector("[data-rating-mine]");
      if (!line) {
        line = document.createElement("p");
        line.className = "rating__mine hint";
        line.setAttribute("data-rating-mine", "");
        summary.parentNode.insertBefore(line, summary.nextSibling);
      }
      line.textContent = mineTemplate.replace("{n}", String(value));
    }

    check(mine);

    stars.forEach(function (star, index) {
      star.addEventListener("mouseenter", function () { paint(index + 1, "is-preview"); });
      star.addEventListener("focus", function () { paint(index + 1, "is-preview"); });
      star.addEventListener("blur", function () { paint(0, "is-preview"); });
      star.addEventListener("keydown", function (event) {
        var next = index;
        if (event.key === "ArrowRight" || event.key === "ArrowUp") { next = Math.min(index + 1, stars.length - 1); }
        else if (event.key === "ArrowLeft" || event.key === "ArrowDown") { next = Math.max(index - 1, 0); }
        else if (event.key === "Home") { next = 0; }
        else if (event.key === "End") { next = stars.length - 1; }
        else { return; }
        event.preventDefault();
        stars.forEach(function (s, i) { s.tabIndex = i === next ? 0 : -1; });
        stars[next].focus();
      });
    });
    group.addEventListener("mouseleave", function () { paint(0, "is-preview"); });

    form.addEventListener("submit", function (event) {
      var button = event.submitter || document.activeElement;
      if (!button || !button.value) { return; }
      event.preventDefault();
      var value = Number(button.value);
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: "stars=" + encodeURIComponent(button.value)
      }).then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      }).then(function (result) {
        if (!result.ok || !result.answer.rating) {
          showError(result.answer.error || "");
          return;
        }
        var rating = result.answer.rating;
        showError("");
        summary.textContent = rating.summary;
        rating.stars.forEach(function (star, index) { stars[index].classList.toggle("is-filled", star.filled); });
        check(value);
        stars[value - 1].focus();
        showMine(value);
      }).catch(function () {
        // The network call failed: fall back to the plain form post.
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "stars";
        input.value = button.value;
        form.appendChild(input);
        form.submit();
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-rating]"), setup);
})();
