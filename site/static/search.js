// Search-box autocomplete (titles, customer questions, 초성) — progressive enhancement.
(function () {
  "use strict";
  document.querySelectorAll("form.searchbox input[name=q]").forEach(function (input, n) {
    var list = document.createElement("ul");
    list.id = "suggest-" + n;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.form.style.position = "relative";
    input.form.appendChild(list);
    var items = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
    }
    function show(found) {
      list.textContent = "";
      items = found;
      if (!found.length) { close(); return; }
      found.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        var a = document.createElement("a");
        a.href = s.url; a.textContent = s.title; a.tabIndex = -1;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false; active = -1; mark();
      input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim(), mine = ++seq;
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        // Scoped to the page's language, like the search page itself (unless ?all=1).
        var all = input.form.elements.all && input.form.elements.all.value === "1";
        var lang = all ? "" : "&lang=" + encodeURIComponent(document.documentElement.lang || "");
        fetch("/api/v1/autocomplete?limit=6" + lang + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (data) { if (mine === seq && data.ok) show(data.suggestions); })
          .catch(close);
      }, 120);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); active = (active + 1) % items.length; mark(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); active = (active - 1 + items.length) % items.length; mark(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = items[active].url; }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  });
})();
