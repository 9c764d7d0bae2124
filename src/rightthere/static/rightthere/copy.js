// A "Copy" button for a read-only link box: <button data-copy="box-id" data-said="status-id">.
// Where the clipboard cannot be used, the link is selected for the person to copy.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var box = document.getElementById(button.dataset.copy);
  var said = document.getElementById(button.dataset.said);
  function selectIt() { box.select(); if (said) said.textContent = "Select the link and copy it."; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value).then(function () { if (said) said.textContent = "Copied."; }, selectIt);
  } else { selectIt(); }
});
