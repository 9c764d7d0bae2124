// The rule form: each row shows the value list of the chosen condition or action (or a
// text box for text ones) and only the tests it allows. Without this script every
// list shows everything and the server still checks each row.
(function () {
  "use strict";
  var form = document.getElementById("rule-form");
  if (!form) return;
  var ops = JSON.parse(form.dataset.operators || "{}");
  function sync(row) {
    var chosen = row.querySelector('[data-kind="field"]').value;
    var value = row.querySelector('[data-kind="value"]');
    var text = row.querySelector('[data-kind="text"]');
    var op = row.querySelector('[data-kind="op"]');
    var groups = value.querySelectorAll("optgroup");
    var hasList = false;
    groups.forEach(function (group) {
      var mine = group.dataset.for === chosen;
      group.hidden = !mine;
      group.disabled = !mine;
      hasList = hasList || mine;
    });
    var selected = value.selectedOptions[0];
    if (selected && selected.parentElement.tagName === "OPTGROUP" && selected.parentElement.dataset.for !== chosen) {
      value.value = "";
    }
    var needsText = chosen && !hasList && (ops[chosen] !== undefined || row.dataset.row === "action") && chosen !== "recovery";
    value.hidden = !hasList;
    text.hidden = !needsText;
    if (op) {
      var allowed = ops[chosen] || [];
      Array.prototype.forEach.call(op.options, function (o) {
        o.hidden = chosen !== "" && allowed.indexOf(o.value) < 0;
      });
      if (chosen && allowed.indexOf(op.value) < 0 && allowed.length) op.value = allowed[0];
      op.hidden = !chosen;
    }
  }
  var wait = form.querySelector(".rule-wait");
  var trigger = document.getElementById("rule-trigger");
  function syncWait() { wait.style.display = trigger.value === "no_reply" ? "" : "none"; }
  form.querySelectorAll(".rule-row").forEach(function (row) {
    sync(row);
    row.querySelector('[data-kind="field"]').addEventListener("change", function () { sync(row); });
  });
  trigger.addEventListener("change", syncWait);
  syncWait();
})();
