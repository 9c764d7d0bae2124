// The inbox: the bulk bar follows the selection ("3 selected", hidden when none),
// "select all on this page", and the views picker that folds away on a phone.
(function () {
  var WIDE = window.matchMedia("(min-width: 901px)");
  // The sentences in the page's language (base.html's rt-js-strings); English without it.
  var TEXT = (function (el) { try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; } })(document.getElementById("rt-js-strings"));
  function phrase(key, english) { return TEXT[key] || english; }

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][name=case]"));
  }

  function refresh() {
    var bar = document.querySelector("[data-bulk-bar]");
    if (!bar) return;
    var all = boxes();
    var chosen = all.filter(function (box) { return box.checked; }).length;
    bar.hidden = chosen === 0;
    var count = bar.querySelector("[data-bulk-count]");
    if (count) {
      count.textContent = phrase(chosen === 1 ? "selected_one" : "selected_other", "%(count)s selected")
        .replace("%(count)s", chosen);
    }
    var every = document.querySelector("[data-select-all]");
    if (every) {
      every.checked = chosen > 0 && chosen === all.length;
      every.indeterminate = chosen > 0 && chosen < all.length;
    }
    all.forEach(function (box) {
      var row = box.closest("tr");
      if (row) row.classList.toggle("selected", box.checked);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-select-all]")) {
      boxes().forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches && target.matches("[data-select-all], input[name=case]")) refresh();
  });

  document.addEventListener("keydown", function (event) {
    // Enter in "Add tag" or "Merge into" means that field's button, not the bar's first one.
    var field = event.target;
    if (event.key !== "Enter" || !field.matches || !field.matches(".bulk-group input")) return;
    var button = field.closest(".bulk-group").querySelector("button[name=action]");
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  document.addEventListener("submit", function (event) {
    // The list below the bar may have been filtered (htmx) since the page loaded:
    // come back to the inbox as it is now.
    var form = event.target;
    if (!form.matches || !form.matches("[data-bulk-bar], .bulk-result form")) return;
    var back = form.querySelector("input[name=back]");
    if (back) back.value = window.location.search.replace(/^\?/, "");
  });

  function unfoldViews() {
    var picker = document.querySelector("[data-viewpicker]");
    if (picker && WIDE.matches) picker.open = true;
  }

  document.addEventListener("DOMContentLoaded", function () { refresh(); unfoldViews(); });
  document.addEventListener("htmx:afterSwap", refresh);
  if (WIDE.addEventListener) WIDE.addEventListener("change", unfoldViews);
})();
