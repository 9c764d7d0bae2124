// Keeps every running timer on the page ticking (h:mm:ss). Loaded again with each
// refreshed widget, so it starts its clock only once.
(function () {
  if (window.rightthereTimerClock) return;
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    document.querySelectorAll("[data-running-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-running-since"));
      if (isNaN(since)) return;
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      el.textContent = Math.floor(s / 3600) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
    });
  }
  window.rightthereTimerClock = setInterval(tick, 1000);
  tick();
})();
