// Canned replies in the case composer.
// Ctrl+/ (or "/" typed in an empty message) opens a search; arrow keys choose,
// Enter inserts the reply at the cursor, Esc closes. The server fills the
// placeholders from the case; one it has no value for stays as {name}: it is
// highlighted here, and a reply to the customer cannot be sent until it is
// filled in (the browser refuses the form; the server refuses it again).
(function () {
  "use strict";
  var TOKEN = /\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}/g;
  var saved = { start: 0, end: 0 };
  var loadedQuery = null;
  var requestedQuery = null;
  var pendingEnter = false;
  // Sentences in the page's language (base.html's rt-js-strings); English without it.
  var TEXT = (function (el) { try { return JSON.parse(el.textContent) || {}; } catch (e) { return {}; } })(document.getElementById("rt-js-strings"));
  function phrase(key, english) { return TEXT[key] || english; }

  function parts() {
    var root = document.querySelector("[data-canned]");
    if (!root) return null;
    return {
      root: root,
      picker: root.querySelector(".canned-picker"),
      search: root.querySelector(".canned-search"),
      results: root.querySelector(".canned-results"),
      opener: root.querySelector(".canned-open"),
      box: document.getElementById(root.dataset.cannedFor),
      gaps: document.getElementById(root.dataset.cannedGaps),
      known: (root.dataset.placeholders || "").split(" ").filter(Boolean),
    };
  }

  function options(p) {
    return Array.prototype.slice.call(p.results.querySelectorAll("[role=option]"));
  }

  function activeIndex(p) {
    return options(p).findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
  }

  function activate(p, index) {
    var list = options(p);
    list.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (list[index]) {
      p.search.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    } else {
      p.search.removeAttribute("aria-activedescendant");
    }
  }

  function open(p) {
    saved = { start: p.box.selectionStart, end: p.box.selectionEnd };
    p.picker.hidden = false;
    p.opener.setAttribute("aria-expanded", "true");
    p.search.focus();
    p.search.select();
    if (window.htmx) window.htmx.trigger(p.search, "canned-open");
  }

  function close(p, backToBox) {
    p.picker.hidden = true;
    p.opener.setAttribute("aria-expanded", "false");
    pendingEnter = false;
    if (backToBox) {
      p.box.focus();
      p.box.setSelectionRange(saved.start, saved.end);
    }
  }

  function unfilled(p, text) {
    var found = [];
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text))) {
      if (p.known.indexOf(match[1]) >= 0) {
        found.push({ name: match[1], start: match.index, end: match.index + match[0].length });
      }
    }
    return found;
  }

  function insert(p, option) {
    var text = option.dataset.text || "";
    var value = p.box.value;
    var start = Math.min(saved.start, value.length);
    var end = Math.min(saved.end, value.length);
    p.box.value = value.slice(0, start) + text + value.slice(end);
    close(p, false);
    p.box.focus();
    // Select the first gap in the inserted text, so typing fills it in.
    var gap = unfilled(p, p.box.value).filter(function (g) { return g.start >= start; })[0];
    if (gap && gap.end <= start + text.length) p.box.setSelectionRange(gap.start, gap.end);
    else p.box.setSelectionRange(start + text.length, start + text.length);
    p.box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function toCustomer(p) {
    var checked = p.box.form.querySelector("input[name=direction]:checked");
    return !checked || checked.value === "outbound";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function update(p) {
    var text = p.box.value;
    var gaps = toCustomer(p) ? unfilled(p, text) : [];
    var message = p.gaps.querySelector(".canned-gaps-message");
    var jump = p.gaps.querySelector(".canned-gaps-jump");
    var preview = p.gaps.querySelector(".canned-preview");
    if (!gaps.length) {
      p.gaps.hidden = true;
      message.textContent = "";
      p.box.setCustomValidity("");
      p.box.removeAttribute("aria-invalid");
      return;
    }
    var names = gaps.map(function (g) { return g.name; })
      .filter(function (n, i, all) { return all.indexOf(n) === i; });
    var listed = names.map(function (n) { return "{" + n + "}"; }).join(", ");
    var sentence = (names.length > 1
      ? phrase("gaps_other", "Fill in %(names)s before sending: this case has no value for them.")
      : phrase("gaps_one", "Fill in %(names)s before sending: this case has no value for it."))
      .replace("%(names)s", listed);
    if (message.textContent !== sentence) message.textContent = sentence;
    p.box.setCustomValidity(sentence);
    p.box.setAttribute("aria-invalid", "true");
    jump.replaceChildren();
    names.forEach(function (name) {
      var button = element("button", "button-small canned-jump",
        phrase("go_to_gap", "Go to %(name)s").replace("%(name)s", "{" + name + "}"));
      button.type = "button";
      button.dataset.name = name;
      jump.appendChild(button);
    });
    preview.replaceChildren();
    var position = 0;
    gaps.forEach(function (g) {
      preview.appendChild(document.createTextNode(text.slice(position, g.start)));
      preview.appendChild(element("mark", "canned-gap", text.slice(g.start, g.end)));
      position = g.end;
    });
    preview.appendChild(document.createTextNode(text.slice(position)));
    p.gaps.hidden = false;
  }

  function selectGap(p, name) {
    var gap = unfilled(p, p.box.value).filter(function (g) { return !name || g.name === name; })[0];
    if (!gap) return;
    p.box.focus();
    p.box.setSelectionRange(gap.start, gap.end);
  }

  function chooseActive(p) {
    var list = options(p);
    var option = list[activeIndex(p)] || list[0];
    if (option) insert(p, option);
  }

  function wire(p) {
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "/") {
        event.preventDefault();
        if (p.picker.hidden) open(p);
        else close(p, true);
      }
    });
    p.box.addEventListener("keydown", function (event) {
      var plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      if (event.key === "/" && plain && p.box.value === "") {
        event.preventDefault();
        open(p);
      }
    });
    p.opener.addEventListener("click", function () {
      if (p.picker.hidden) open(p);
      else close(p, true);
    });
    p.search.addEventListener("keydown", function (event) {
      var list = options(p);
      var index = activeIndex(p);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        activate(p, Math.min(index + 1, list.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        activate(p, Math.max(index - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault();
        // Results for what was typed are still on their way: insert when they arrive.
        if (p.search.value.trim() !== (loadedQuery || "").trim()) pendingEnter = true;
        else chooseActive(p);
      }
    });
    p.picker.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(p, true);
      }
    });
    p.results.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      var option = event.target.closest("[role=option]");
      if (option) insert(p, option);
    });
    p.search.addEventListener("htmx:beforeRequest", function () {
      requestedQuery = p.search.value;
    });
    p.results.addEventListener("htmx:afterSwap", function () {
      loadedQuery = requestedQuery;
      activate(p, 0);
      if (pendingEnter && p.search.value.trim() === (loadedQuery || "").trim()) {
        pendingEnter = false;
        chooseActive(p);
      }
    });
    p.box.addEventListener("input", function () { update(p); });
    p.box.addEventListener("invalid", function () { selectGap(p, null); });
    p.box.form.addEventListener("change", function (event) {
      if (event.target.name === "direction") update(p);
    });
    p.gaps.addEventListener("click", function (event) {
      var button = event.target.closest(".canned-jump");
      if (button) selectGap(p, button.dataset.name);
    });
    update(p);
  }

  function start() {
    var p = parts();
    if (p && p.box && p.gaps) wire(p);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
