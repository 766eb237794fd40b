// Agent console: type, ↑/↓, Enter copies the link. No framework, no build step.
(function () {
  "use strict";
  var input = document.getElementById("agent-q");
  var list = document.getElementById("agent-results");
  var status = document.getElementById("agent-status");
  var allLangs = document.getElementById("agent-all-langs");
  var dense = document.getElementById("agent-dense");
  if (!input || !list) return;
  // Dense mode: one line per article (title and the copy button), remembered per browser.
  var DENSE = "answerloop:agent-dense";
  function setDense(on) {
    list.classList.toggle("dense", on);
    try { localStorage.setItem(DENSE, on ? "1" : "0"); } catch (e) { /* storage blocked */ }
  }
  if (dense) {
    try { dense.checked = localStorage.getItem(DENSE) === "1"; } catch (e) { /* blocked */ }
    list.classList.toggle("dense", dense.checked);
    dense.addEventListener("change", function () { setDense(dense.checked); input.focus(); });
  }
  var config = JSON.parse(document.getElementById("agent-config").textContent);
  var t = JSON.parse(document.getElementById("agent-strings").textContent);
  var hits = [];
  var active = -1;
  var timer = null;
  var seq = 0;

  function agentUrl(hit, anchor) {
    return config.base_url + hit.url + "?ref=agent" + (anchor ? "#" + anchor : "");
  }

  function reply(hit) {
    return config.reply_template
      .split("{title}").join(hit.title)
      .split("{summary}").join(hit.summary || "")
      .split("{url}").join(agentUrl(hit));
  }

  // The confirmation shows next to the item copied (a toast), and in the live region.
  function toast(li) {
    if (!li) return;
    var old = li.querySelector(".agent-toast");
    if (old) old.remove();
    var tip = document.createElement("span");
    tip.className = "agent-toast";
    tip.setAttribute("aria-hidden", "true");  // the live region says it already
    tip.textContent = t.copied_here;
    (li.querySelector(".agent-actions") || li).appendChild(tip);
    setTimeout(function () { tip.remove(); }, 2000);
  }

  function copy(text, li) {
    function done() { status.textContent = t.copied + ": " + text.split("\n").pop(); toast(li); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    }
    fallback(text); done();
    return Promise.resolve();
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
    input.focus();
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function showSections(hit, li, anchorButton) {
    fetch("/api/v1/agent/articles/" + encodeURIComponent(hit.id), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (!data.ok) return;
        var menu = document.createElement("ul");
        menu.className = "agent-sections";
        menu.setAttribute("aria-label", t.sections);
        data.sections.forEach(function (s) {
          var item = document.createElement("li");
          item.appendChild(button(s.text, function () { copy(agentUrl(hit, s.anchor), li); }));
          menu.appendChild(item);
        });
        anchorButton.setAttribute("aria-expanded", "true");
        li.appendChild(menu);
        var first = menu.querySelector("button");
        if (first) first.focus();
      });
  }

  function render() {
    list.textContent = "";
    list.removeAttribute("data-settled");
    hits.forEach(function (hit, i) {
      var li = document.createElement("li");
      li.id = "agent-hit-" + i;
      if (i === active) li.setAttribute("aria-current", "true");
      li.className = "agent-hit" + (i === active ? " active" : "");
      var title = document.createElement("a");
      title.href = hit.url; title.target = "_blank"; title.rel = "noopener";
      title.textContent = hit.title;
      title.lang = hit.lang || "";
      var badge = null;
      if (hit.lang && hit.lang !== config.lang) {
        badge = document.createElement("span");
        badge.className = "lang-badge";
        badge.textContent = (t.langs && t.langs[hit.lang]) || hit.lang;
      }
      var summary = document.createElement("p");
      summary.textContent = hit.summary;
      var actions = document.createElement("div");
      actions.className = "agent-actions";
      actions.appendChild(button(t.copy_link, function () { copy(agentUrl(hit), li); }));
      var sectionButton = button(t.copy_section, function () { showSections(hit, li, sectionButton); });
      sectionButton.setAttribute("aria-expanded", "false");
      actions.appendChild(sectionButton);
      actions.appendChild(button(t.copy_reply, function () { copy(reply(hit), li); }));
      li.appendChild(title);
      if (badge) li.appendChild(badge);
      li.appendChild(summary); li.appendChild(actions);
      li.addEventListener("mouseenter", function () { setActive(i); });
      list.appendChild(li);
    });
  }

  function setActive(i) {
    active = hits.length ? (i + hits.length) % hits.length : -1;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.classList.toggle("active", j === active);
      if (j === active) {
        li.setAttribute("aria-current", "true");
        if (li.scrollIntoView) li.scrollIntoView({block: "nearest"});
      } else li.removeAttribute("aria-current");
    });
    // Results hold links and buttons, so they are a plain list, not a listbox: the
    // live region says which one Enter will copy.
    if (active >= 0) status.textContent = (active + 1) + "/" + hits.length + " " + hits[active].title;
  }

  function search() {
    var q = input.value.trim();
    var mine = ++seq;
    if (!q) { hits = []; active = -1; render(); status.textContent = ""; return; }
    // Scoped to the console's language unless "all languages" is ticked; 초성 only
    // (ㅎㅂ) goes to autocomplete, which matches initial consonants.
    var lang = allLangs && allLangs.checked ? "" : "&lang=" + encodeURIComponent(config.lang);
    var chosung = /^[\u3131-\u314e\s]+$/.test(q);
    fetch((chosung ? "/api/v1/autocomplete" : "/api/v1/search") + "?limit=8" + lang +
          "&q=" + encodeURIComponent(q))
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== seq) return;  // a newer keystroke won
        hits = !data.ok ? [] : chosung ? data.suggestions.map(function (s) {
          return {id: s.id, title: s.title, url: s.url, summary: ""};
        }) : data.hits;
        active = hits.length ? 0 : -1;
        render();
        status.textContent = hits.length ? "" : t.no_results;
        if (hits.length) stats(mine);
      });
  }

  function stats(mine) {
    var ids = hits.map(function (h) { return h.id; }).join(",");
    fetch("/api/v1/agent/stats?ids=" + encodeURIComponent(ids), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== seq || !data.ok) return;
        list.setAttribute("data-settled", "");  // results and their numbers are in
        hits.forEach(function (hit, i) {
          var s = data.stats[hit.id], li = document.getElementById("agent-hit-" + i);
          // Nothing to say (no views, no votes in 30 days): no line of zeros.
          if (!s || !li || (!s.views && s.helpful === null)) return;
          var p = document.createElement("p");
          p.className = "agent-stats";
          p.textContent = t.views + " " + s.views +
            (s.helpful === null ? "" : " · " + t.helpful + " " + s.helpful + "% (" + s.votes + ")");
          li.insertBefore(p, li.querySelector(".agent-actions"));
        });
      });
  }

  if (allLangs) allLangs.addEventListener("change", function () { search(); input.focus(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      copy(agentUrl(hits[active]), document.getElementById("agent-hit-" + active));
    }
    else if (e.key === "Escape") { input.value = ""; hits = []; active = -1; render(); }
  });
})();
