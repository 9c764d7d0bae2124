// A "Copy" button for a read-only link box: <button data-copy="box-id" data-said="status-id">.
// Where the clipboard cannot be used, the link is selected for the person to copy.
// Its words come in the page's language from base.html's rt-js-strings (English without it).
document.addEventListener("click", function (event) {
  var strings = document.getElementById("rt-js-strings");
  var TEXT = {};
  try { TEXT = JSON.parse(strings.textContent) || {}; } catch (e) { TEXT = {}; }
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var box = document.getElementById(button.dataset.copy);
  var said = document.getElementById(button.dataset.said);
  function selectIt() { box.select(); if (said) said.textContent = TEXT.copy_by_hand || "Select the link and copy it."; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value).then(function () { if (said) said.textContent = TEXT.copied || "Copied."; }, selectIt);
  } else { selectIt(); }
});
