// One click applies a reply-check suggestion to the draft, then the check runs again.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".coach-apply");
  if (!button) return;
  var form = button.closest("form");
  var box = form && form.querySelector("textarea[data-coach]");
  if (!box) return;
  var text = box.value;
  var find = button.dataset.find;
  var start = parseInt(button.dataset.start, 10);
  var end = parseInt(button.dataset.end, 10);
  var replacement = button.dataset.replace;
  if (start === end) {
    // Something missing (an apology): it goes first.
    box.value = replacement.trim() + " " + text;
  } else {
    if (text.slice(start, end) !== find) {
      // The draft changed since the check; find the words again.
      start = text.indexOf(find);
      if (start < 0) return;
      end = start + find.length;
    }
    if (replacement === "") {
      // Removing a word: also drop the space and a comma left behind; what now starts
      // the sentence gets its capital ("No problem, we'll…" → "We'll…").
      var head = text.slice(0, start);
      var rest = text.slice(end).replace(/^,?\s*/, "");
      if (/(^|[.!?]\s+|\n\s*)$/.test(head)) rest = rest.charAt(0).toUpperCase() + rest.slice(1);
      box.value = head + rest;
    } else {
      var fitted = /^[A-Z]/.test(find) ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement;
      box.value = text.slice(0, start) + fitted + text.slice(end);
    }
  }
  if (button.dataset.promiseDue) {
    var due = form.querySelector("[name=promise_due]");
    var what = form.querySelector("[name=promise_what]");
    if (due && !due.value) due.value = button.dataset.promiseDue;
    if (what && !what.value) what.value = coachPhrase("promise_get_back", "Get back to you");
  }
  box.focus();
  box.dispatchEvent(new Event("input", { bubbles: true }));
});

// The promise chip: the reply's promise is recorded when it is sent. "Edit" copies what
// and by when into the promise fields to change them (what is typed there wins).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".promise-chip-use");
  if (!button) return;
  var form = button.closest("form");
  var what = form && form.querySelector("[name=promise_what]");
  var due = form && form.querySelector("[name=promise_due]");
  if (!what || !due) return;
  what.value = button.dataset.what;
  due.value = button.dataset.due;
  what.focus();
});

// "Not a promise" (and "Record it after all") sets the composer's read_promises field and
// reads the chip again; the focus stays on the chip's button.
var promiseChipFocus = false;
document.addEventListener("click", function (event) {
  var button = event.target.closest(".promise-chip-toggle");
  if (!button) return;
  var form = button.closest("form");
  var field = form && form.querySelector("[name=read_promises]");
  var chip = button.closest("#promise-chip");
  if (!field || !chip) return;
  field.value = button.dataset.read;
  promiseChipFocus = true;
  chip.dispatchEvent(new Event("promise-chip-changed"));
});
document.addEventListener("htmx:afterSwap", function (event) {
  if (!promiseChipFocus || event.target.id !== "promise-chip") return;
  promiseChipFocus = false;
  var again = event.target.querySelector(".promise-chip-toggle");
  if (again) again.focus();
});

// The phrases above in the page's language (base.html's rt-js-strings); English without it.
function coachPhrase(key, english) {
  var el = document.getElementById("rt-js-strings");
  try { return (el && JSON.parse(el.textContent) || {})[key] || english; } catch (e) { return english; }
}
