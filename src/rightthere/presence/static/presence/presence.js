// The case page's presence: says "writing" while the composer has focus or text, and
// beats at once when that changes (someone who left drops off the others' line after
// 45 s: a goodbye sent as the page closes could arrive after the next page's first beat,
// e.g. after Send). Also brings a crossed reply's notice into view, and "Edit my reply"
// back to the text.
(function () {
  var form = document.getElementById("presence");
  if (form) {
    var composer = document.getElementById(form.dataset.presenceFor);
    var state = form.querySelector("[name=state]");
    var opened = form.querySelector("[name=opened]");
    var others = document.getElementById("presence-others");
    var current = function () {
      var writing = composer && (document.activeElement === composer || composer.value.trim() !== "");
      return writing ? "writing" : "viewing";
    };
    var update = function () {
      var now = current();
      if (now === state.value) return;
      state.value = now;
      if (window.htmx) htmx.trigger(form, "presence-change");
    };
    state.value = current();
    if (composer) {
      ["focus", "blur", "input"].forEach(function (name) { composer.addEventListener(name, update); });
    }
    // No beat while the tab is hidden (done here, not as an hx-trigger filter: those
    // are evaluated as code, which the Content-Security-Policy does not allow).
    form.addEventListener("htmx:confirm", function (event) {
      if (document.hidden) event.preventDefault();
    });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && window.htmx) htmx.trigger(form, "presence-change");
    });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) opened.value = "";
    });
    // The same people in the same state: leave the line alone (no repeated announcement).
    form.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.serverResponse.trim() === others.innerHTML.trim()) event.detail.shouldSwap = false;
    });
  }

  var crossed = document.getElementById("crossed");
  if (crossed) {
    crossed.scrollIntoView({ block: "start" });
    crossed.focus({ preventScroll: true });
    var edit = crossed.querySelector("[data-crossed-edit]");
    if (edit) {
      edit.addEventListener("click", function (event) {
        event.preventDefault();
        crossed.hidden = true;
        var text = document.getElementById("id_body");
        if (text) text.focus();
      });
    }
  }
})();
