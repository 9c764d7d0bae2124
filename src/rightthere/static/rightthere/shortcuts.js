// Keyboard shortcuts (issue #16). Plain keys only, never while typing in a field,
// and never with Ctrl/Alt/Cmd (Ctrl+/ stays the canned-reply picker's).
//   Inbox: j/k move between cases, o or Enter opens, x selects, a goes to "Assign to".
//   Case page: r replies, n writes a note, a goes to the assignee.
//   Everywhere: / searches, ? lists the shortcuts.
(function () {
  // The sentences in the page's language (base.html's rt-js-strings); English without it.
  var TEXT = (function (el) { try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; } })(document.getElementById("rt-js-strings"));
  function phrase(key, english) { return TEXT[key] || english; }

  var SHORTCUTS = [
    ["j", phrase("shortcut_next", "Next case in the list")],
    ["k", phrase("shortcut_previous", "Previous case in the list")],
    ["o / Enter", phrase("shortcut_open", "Open the case")],
    ["x", phrase("shortcut_select", "Select the case (for the bulk bar)")],
    ["/", phrase("shortcut_search", "Search")],
    ["r", phrase("shortcut_reply", "Reply to the customer (case page)")],
    ["n", phrase("shortcut_note", "Write an internal note (case page)")],
    ["a", phrase("shortcut_assign", "Assign (the assignee field, or the bulk bar's)")],
    ["Ctrl + /", phrase("shortcut_canned", "Insert a canned reply (in the message)")],
    ["?", phrase("shortcut_help", "Show these shortcuts")],
    ["Esc", phrase("shortcut_close", "Close this list")]
  ];

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.cases tbody tr"));
  }

  function currentRow() {
    return document.querySelector("table.cases tbody tr.kb-current");
  }

  function move(step) {
    var list = rows();
    if (!list.length) return false;
    var index = list.indexOf(currentRow());
    var next = index < 0 ? (step > 0 ? 0 : list.length - 1)
                         : Math.min(Math.max(index + step, 0), list.length - 1);
    list.forEach(function (row) { row.classList.remove("kb-current"); });
    var row = list[next];
    row.classList.add("kb-current");
    var link = row.querySelector("td.subject a");
    if (link) link.focus();
    row.scrollIntoView({ block: "nearest" });
    return true;
  }

  function openCurrent() {
    var row = currentRow();
    var link = row && row.querySelector("td.subject a");
    if (!link) return false;
    link.click();
    return true;
  }

  function toggleCurrent() {
    var row = currentRow();
    var box = row && row.querySelector("input[type=checkbox][name=case]");
    if (!box) return false;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function focusField(selector) {
    var field = document.querySelector(selector);
    if (!field) return false;
    field.focus();
    if (field.scrollIntoView) field.scrollIntoView({ block: "center" });
    return document.activeElement === field;
  }

  function assignSelected() {
    // With nothing selected yet, "a" selects the current case first.
    if (!document.querySelector("input[name=case]:checked")) toggleCurrent();
    return focusField("#bulk-assign");
  }

  function compose(direction) {
    var radio = document.querySelector("input[name=direction][value='" + direction + "']");
    var body = document.getElementById("id_body");
    if (!radio || !body) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    body.focus();
    body.scrollIntoView({ block: "center" });
    return true;
  }

  function dialog() {
    var box = document.getElementById("shortcuts-dialog");
    if (box) return box;
    box = document.createElement("dialog");
    box.id = "shortcuts-dialog";
    box.className = "shortcuts";
    box.setAttribute("aria-labelledby", "shortcuts-title");
    var title = document.createElement("h2");
    title.id = "shortcuts-title";
    title.textContent = phrase("shortcuts_title", "Keyboard shortcuts");
    box.appendChild(title);
    var table = document.createElement("table");
    var caption = document.createElement("caption");
    caption.className = "visually-hidden";
    caption.textContent = phrase("shortcuts_caption", "Keys and what they do");
    table.appendChild(caption);
    SHORTCUTS.forEach(function (pair) {
      var tr = document.createElement("tr");
      var key = document.createElement("th");
      key.scope = "row";
      pair[0].split(" / ").forEach(function (part, i) {
        if (i) key.appendChild(document.createTextNode(" " + phrase("shortcuts_or", "or") + " "));
        var kbd = document.createElement("kbd");
        kbd.textContent = part;
        key.appendChild(kbd);
      });
      var what = document.createElement("td");
      what.textContent = pair[1];
      tr.appendChild(key);
      tr.appendChild(what);
      table.appendChild(tr);
    });
    box.appendChild(table);
    var form = document.createElement("form");
    form.method = "dialog";
    var close = document.createElement("button");
    close.type = "submit";
    close.textContent = phrase("shortcuts_close", "Close");
    form.appendChild(close);
    box.appendChild(form);
    document.body.appendChild(box);
    return box;
  }

  function showHelp() {
    var box = dialog();
    if (!box.open) box.showModal();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    if (document.querySelector("dialog[open]") && event.key !== "?") return;
    var handled = false;
    switch (event.key) {
      case "j": handled = move(1); break;
      case "k": handled = move(-1); break;
      case "o": handled = openCurrent(); break;
      case "Enter":
        // A focused link or button opens itself; Enter only opens the current row otherwise.
        if (!event.target.closest || !event.target.closest("a, button")) handled = openCurrent();
        break;
      case "x": handled = toggleCurrent(); break;
      case "/": handled = focusField("#q") || focusField("#topsearch-q"); break;
      case "r": handled = compose("outbound"); break;
      case "n": handled = compose("note"); break;
      case "a": handled = focusField("#field-assignee") || assignSelected(); break;
      case "?": handled = showHelp(); break;
    }
    if (handled) event.preventDefault();
  });

  // Clicking a row makes it the current one, so j/k carry on from there.
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest("table.cases tbody tr");
    if (!row) return;
    rows().forEach(function (r) { r.classList.toggle("kb-current", r === row); });
  });
})();
