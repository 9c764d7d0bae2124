// Feedback for htmx requests: a message when one fails (htmx swaps only 2xx answers,
// so without this a failed inline edit or panel load would say nothing).
// The loading bar itself is pure CSS: htmx puts .htmx-request on the element asking.
(function () {
  // The sentences in the page's language (base.html's rt-js-strings); English without it.
  var TEXT = (function (el) { try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; } })(document.getElementById("rt-js-strings"));
  function phrase(key, english) { return TEXT[key] || english; }

  function say(text) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.querySelector("span").textContent = text;
    box.hidden = false;
    // An earlier "Saved." no longer holds: the last change was not saved.
    document.querySelectorAll(".saved").forEach(function (el) { el.remove(); });
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(status === 403 ? phrase("not_allowed", "You may not do that here.") :
        phrase("failed", "That did not work (error %(status)s). Reload the page and try again.")
          .replace("%(status)s", status));
  });
  document.addEventListener("htmx:sendError", function () {
    say(phrase("unreachable", "Could not reach Rightthere. Check the connection and try again."));
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) box.hidden = true;
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#htmx-error button")) {
      document.getElementById("htmx-error").hidden = true;
    }
  });
})();
