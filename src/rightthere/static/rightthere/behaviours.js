// Small page behaviours written as data attributes, so no page needs inline script
// (the Content-Security-Policy allows only the desk's own script files):
//   <form data-confirm="Revoke this token?">      asks before submitting
//   <select data-autosubmit>                        submits its form when changed
//   <button data-copy="#id" data-copied="#id">      copies an input's text, says so
//   <input data-select-on-focus>                    selects its text on focus
//   <div hx-get=... data-load-error="text">         says so when the htmx load fails
(function () {
  // Sentences in the page's language (base.html's rt-js-strings); English without it.
  var TEXT = (function (el) { try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; } })(document.getElementById("rt-js-strings"));
  function phrase(key, english) { return TEXT[key] || english; }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) {
      event.target.select();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var text = document.querySelector(button.getAttribute("data-copy"));
    var said = document.querySelector(button.getAttribute("data-copied"));
    function fallback() { text.select(); if (said) said.textContent = phrase("copy_by_hand", "Select the link and copy it."); }
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text.value).then(function () {
        if (said) said.textContent = phrase("copied", "Copied.");
      }, fallback);
    } else { fallback(); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    var message = element && element.getAttribute && element.getAttribute("data-load-error");
    if (message && !event.detail.successful) {
      element.removeAttribute("aria-busy");
      var line = element.querySelector("p");
      if (line) line.textContent = message;
    }
  });
})();
