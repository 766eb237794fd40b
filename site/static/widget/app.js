/* Answerloop widget app: scenario buttons, search fallback, articles, handoff, events.
   Loaded by widget.js on first open. No framework; everything lives in the shadow root. */
(function () {
  "use strict";
  var A = window.Answerloop;
  if (!A || !A.__opts || A.__app) return;
  var o = A.__opts, base = o.base, root = o.root;
  // From the catalogue (kbsite.messages_widget), filled in when the server sends this file.
  var STRINGS = __ANSWERLOOP_STRINGS__;

  var T = STRINGS[o.lang === "en" ? "en" : "ko"];
  var KEY = "answerloop:state";
  var state = restore() || {session: "s-" + Math.random().toString(36).slice(2, 12), log: [], path: []};
  var scenario = null, panel, logEl, controls, input, overlay, queue = [], timer = null;
  // tel: links only where a tap can call: touch-first devices (phones), not desktops.
  var phone = !!(window.matchMedia && matchMedia("(pointer: coarse)").matches);

  function restore() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function button(text, onClick, cls) {
    var b = el("button", cls || "btn", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function api(path, init) {
    return fetch(base + path, init).then(function (r) {
      return r.json().then(function (body) { body.__status = r.status; return body; });
    });
  }

  // ---- events: batched, sent with sendBeacon, never blocking, failures dropped ----
  function track(type, fields) {
    var e = {type: type, session: state.session};
    for (var k in fields) if (fields[k] !== undefined) e[k] = fields[k];
    queue.push(e);
    if (!timer) timer = setTimeout(flush, 2000);
  }
  function flush() {
    timer = null;
    if (!queue.length) return;
    var body = JSON.stringify(queue.splice(0, 50));
    try {
      if (!(navigator.sendBeacon && navigator.sendBeacon(base + "/api/v1/events",
                                                         new Blob([body], {type: "text/plain"})))) {
        fetch(base + "/api/v1/events", {method: "POST", body: body, keepalive: true,
                                        headers: {"Content-Type": "text/plain"}}).catch(function () {});
      }
    } catch (e) { /* dropped quietly */ }
    if (queue.length) timer = setTimeout(flush, 200);
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });

  // ---- conversation log (data in sessionStorage, rendered from data) ----
  function add(entry) {
    if (entry.t === "resolved" || entry.t === "unsure") retirePrompts();
    state.log.push(entry); if (state.log.length > 60) state.log.shift(); save(); draw(entry);
  }
  // One open question at a time: an unanswered "해결되었나요?" is hidden (not removed: the
  // log keeps its length) when a newer prompt comes.
  function retirePrompts() {
    state.log.forEach(function (e) { if (e.t === "resolved" && !e.done) { e.done = true; e.gone = true; } });
    logEl.querySelectorAll(".msg.resolved.open").forEach(function (row) { row.hidden = true; row.classList.remove("open"); });
  }

  // Server-sanitized HTML (nh3), parsed inert in a <template>; style attributes dropped so
  // a host page's strict CSP (no 'unsafe-inline' styles) reports no violations.
  function insertHTML(container, html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    t.content.querySelectorAll("[style]").forEach(function (e) { e.removeAttribute("style"); });
    container.appendChild(t.content);
    absolutize(container);
  }

  function absolutize(container) {
    container.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      var article = /^\/articles\/([^\/?#]+)/.exec(href);
      if (href.charAt(0) === "/") a.setAttribute("href", base + href);
      a.target = "_blank"; a.rel = "noopener";
      if (article) {  // an article link opens the article here, not in a new tab
        a.addEventListener("click", function (e) { e.preventDefault(); openArticle(decodeURIComponent(article[1])); });
      }
    });
    container.querySelectorAll("img[src]").forEach(function (img) {
      var src = img.getAttribute("src");
      if (src.charAt(0) === "/") img.setAttribute("src", base + src);
    });
  }

  function draw(entry) {
    var row;
    if (entry.t === "bot" || entry.t === "me") {
      row = el("div", "msg " + entry.t, entry.text);
    } else if (entry.t === "answer") {
      row = el("div", "msg bot answer");
      insertHTML(row, entry.html);
    } else if (entry.t === "cards") {
      row = el("ul", "cards");
      entry.items.forEach(function (item) {
        var li = el("li");
        var b = button(item.title, function () { openArticle(item.id); }, "card");
        if (item.summary) b.appendChild(el("span", "summary", item.summary));
        li.appendChild(b);
        row.appendChild(li);
      });
    } else if (entry.t === "handoff") {
      row = el("div", "msg bot handoff");
      row.appendChild(el("p", "", T.handoff));
      var list = el("ul", "channels"), items = [];
      (o.channels || []).forEach(function (c) {
        var li = el("li");
        if (c.type === "form" || !c.url) {
          li.appendChild(button(c.label || T.form, function () { contactForm(); }, "btn channel"));
        } else if (/^tel:/i.test(c.url) && !phone) {
          li.appendChild(el("p", "channel-text", c.label));  // a desktop cannot dial: the number as text
        } else {
          var a = el("a", "btn channel", c.label);
          a.href = withQuestion(c.url); a.target = "_blank"; a.rel = "noopener";
          a.addEventListener("click", function () { track("handoff", {comment: c.type}); });
          li.appendChild(a);
        }
        if (c.hours) li.appendChild(el("small", "", c.hours));
        items.push({li: li, channel: c});
        list.appendChild(li);
      });
      if (!(o.channels || []).some(function (c) { return c.type === "form"; })) {
        var li2 = el("li"); li2.appendChild(button(T.form, function () { contactForm(); }, "btn channel"));
        list.appendChild(li2);
      }
      row.appendChild(list);
      openNow(row, items);
    } else if (entry.t === "unsure") {
      // Low confidence: say so, offer the closest scenario branch and a person, inline.
      row = el("div", "msg bot unsure");
      row.setAttribute("data-confidence", "low");
      row.appendChild(el("p", "", T.unsure));
      var offers = el("div", "inline");
      if (entry.path && nodeAt(entry.path)) {
        offers.appendChild(button(T.closest + labels(entry.path).join(" › "), function () { jump(entry.path); }, "btn option"));
      }
      offers.appendChild(button(T.person, function () { handoff(); }, "btn person"));
      row.appendChild(offers);
    } else if (entry.t === "resolved") {
      if (entry.gone) return;
      row = el("div", "msg bot resolved" + (entry.done ? "" : " open"));
      row.appendChild(el("p", "", T.resolved));
      if (!entry.done) {
        row.appendChild(button(T.yes, function () {
          entry.done = true; save(); row.remove(); track("vote", {article: entry.article || "scenario",
            helpful: true, scenario: scenario ? scenario.id : undefined});
          add({t: "bot", text: T.thanks});
        }));
        row.appendChild(button(T.no, function () {
          entry.done = true; save(); row.remove(); handoff();
        }));
      }
    }
    if (row) { logEl.appendChild(row); logEl.scrollTop = logEl.scrollHeight; }
  }

  // ---- scenario navigation ----
  function nodeAt(path) {
    var node = null, options = scenario ? scenario.options : [];
    for (var i = 0; i < path.length; i++) {
      node = options[path[i]];
      if (!node) return null;
      options = node.options || [];
    }
    return node;
  }
  function labels(path) {
    var out = [], options = scenario.options;
    path.forEach(function (i) { out.push(options[i].label); options = options[i].options || []; });
    return out;
  }
  function choose(index) {
    var path = state.path.concat([index]);
    var node = nodeAt(path);
    if (!node) return;
    add({t: "me", text: node.label});
    track("scenario_step", {scenario: scenario.id, path: labels(path)});
    // An ending is a screen of its own, as in chatbot/engine.py: no options, and "back"
    // returns to its siblings (tests/fixtures/scenario_walks.yaml holds both to it).
    state.path = path;
    if (node.options) {
      add({t: "bot", text: T.pick});
    } else {
      if (node.answer_html) add({t: "answer", html: node.answer_html});
      if (node.article) {
        api("/api/v1/articles/" + encodeURIComponent(node.article)).then(function (d) {
          if (d.ok) add({t: "cards", items: [{id: d.article.id, title: d.article.title, summary: d.article.summary}]});
        }).catch(function () {});
      }
      // A leaf that hands off offers the channels and asks nothing more (chatbot.engine's
      // Turn.asks_resolved).
      if (node.handoff) handoff(true);
      else add({t: "resolved", article: node.article});
    }
    save();
    renderControls(true);
  }
  function jump(path) { state.path = path.slice(0, -1); choose(path[path.length - 1]); }

  function back() { state.path = state.path.slice(0, -1); add({t: "me", text: T.back}); renderControls(true); }
  function home() { state.path = []; add({t: "me", text: T.home}); add({t: "bot", text: greeting()}); renderControls(true); }
  function greeting() { return (scenario && scenario.greeting) || o.greeting; }
  // Whether a person answers now (site.yaml `open` hours, computed by the server per
  // request): a badge per channel and, when every staffed channel is closed, a notice.
  var hoursAsked = 0, hoursReply = null;
  function openNow(row, items) {
    if (!hoursReply || Date.now() - hoursAsked > 300000) {
      hoursAsked = Date.now();
      hoursReply = api("/api/v1/handoff?lang=" + encodeURIComponent(o.lang)).catch(function () { hoursReply = null; return null; });
    }
    hoursReply.then(function (d) {
      if (!d || !d.ok) return;
      items.forEach(function (item) {
        var found = d.channels.filter(function (c) { return c.type === item.channel.type && c.label === item.channel.label; })[0];
        if (!found || found.open === null) return;
        var badge = el("span", "status " + (found.open ? "open" : "closed"), found.status);
        item.li.insertBefore(badge, item.li.firstChild.nextSibling);
        item.li.setAttribute("data-open", found.open ? "true" : "false");
      });
      if (d.notice) {
        var note = el("p", "notice", d.notice);
        note.setAttribute("role", "status");
        row.insertBefore(note, row.querySelector(".channels"));
      }
    });
  }
  // The customer's last question, passed to channels that take one: `{question}` in a
  // channel's url, and the body of an e-mail.
  function withQuestion(url) {
    var q = state.question || "";
    if (url.indexOf("{question}") >= 0) return url.split("{question}").join(encodeURIComponent(q));
    if (/^mailto:/i.test(url) && q && !/[?&]body=/i.test(url)) {
      return url + (url.indexOf("?") >= 0 ? "&" : "?") + "body=" + encodeURIComponent(q);
    }
    return url;
  }
  function handoff(quiet) {
    if (!quiet) add({t: "me", text: T.person});
    track("handoff", {scenario: scenario ? scenario.id : undefined});
    A.__emit("handoff", {});
    add({t: "handoff"});
  }

  function renderControls(focusFirst) {
    controls.textContent = "";
    var node = nodeAt(state.path);
    var options = node ? (node.options || []) : (scenario ? scenario.options : []);
    var group = el("div", "options");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", node ? node.label : greeting());  // the engine's Turn.message
    options.forEach(function (opt, i) { group.appendChild(button(opt.label, function () { choose(i); }, "btn option")); });
    controls.appendChild(group);
    var nav = el("div", "nav");
    if (state.path.length) {
      nav.appendChild(button("← " + T.back, back, "btn ghost"));
      nav.appendChild(button("⌂ " + T.home, home, "btn ghost"));
    }
    // One hand-off: no built-in button where the scenario offers its own, or on a
    // hand-off ending (its channels are on screen).
    var own = options.some(function (n) {
      return n.handoff && !n.options && (n.label === T.person || !state.path.length);
    });
    if (!own && !(node && node.handoff && !node.options)) {
      nav.appendChild(button(T.person, function () { handoff(); }, "btn person"));
    }
    controls.appendChild(nav);
    if (focusFirst) {
      var first = controls.querySelector("button");
      if (first) first.focus();
    }
  }

  // ---- search ----
  function search(q) {
    q = (q || "").trim();
    if (!q) return;
    add({t: "me", text: q});
    state.question = q.slice(0, 1000); save();  // carried into the contact form
    // The server says which scenario branch an unsure question belongs to (chatbot.engine.closest).
    var inScenario = scenario ? "&scenario=" + encodeURIComponent(scenario.id) : "";
    api("/api/v1/search?limit=3&lang=" + encodeURIComponent(o.lang) + inScenario + "&q=" + encodeURIComponent(q)).then(function (d) {
      var hits = d.ok ? d.hits : [];
      // Not confident (kb.search.query.confidence): counted as a failed search, hits: [].
      var sure = hits.length && d.confident !== false;
      track("search", {query: q.slice(0, 200), hits: sure ? hits.map(function (h) { return h.id; }) : []});
      A.__emit("search", {query: q, hits: sure ? hits.length : 0, confidence: d.confidence});
      if (hits.length && !sure) {
        add({t: "unsure", path: d.closest || null});
      } else if (hits.length) {
        add({t: "bot", text: T.found});
        add({t: "cards", items: hits.map(function (h) { return {id: h.id, title: h.title, summary: h.summary}; }), query: q});
        add({t: "resolved"});
      } else {
        add({t: "bot", text: T.none});
        add({t: "handoff"});
      }
    }).catch(offline);
  }
  function offline() { add({t: "bot", text: T.offline}); add({t: "handoff"}); }

  // ---- overlays: article, contact form ----
  function showOverlay(content, title) {
    overlay.textContent = "";
    var head = el("div", "overlay-head");
    head.appendChild(button("← " + T.back, closeOverlay, "btn ghost"));
    overlay.appendChild(head);
    if (title) overlay.appendChild(el("h3", "overlay-title", title));
    overlay.appendChild(content);
    overlay.hidden = false;
    var focusable = overlay.querySelector("h3") || overlay.querySelector("button");
    if (focusable) { focusable.tabIndex = -1; focusable.focus(); }
  }
  function closeOverlay() { overlay.hidden = true; overlay.textContent = ""; var f = controls.querySelector("button"); if (f) f.focus(); }

  function openArticle(id) {
    open();
    api("/api/v1/articles/" + encodeURIComponent(id)).then(function (d) {
      if (!d.ok) return;
      var art = d.article;
      track("article_view", {article: art.id, source: "widget"});
      var box = el("div", "article");
      var body = el("div", "article-body");
      insertHTML(body, art.html);
      box.appendChild(body);
      var full = el("a", "full", T.full);
      full.href = base + art.url; full.target = "_blank"; full.rel = "noopener";
      box.appendChild(full);
      var vote = el("div", "vote");
      vote.appendChild(el("p", "", T.helpful));
      ["👍", "👎"].forEach(function (face, i) {
        var b = button(face, function () {
          track("vote", {article: art.id, helpful: i === 0});
          vote.textContent = T.voted;
          if (i === 1) { closeOverlay(); handoff(); }
        }, "btn ghost");
        b.setAttribute("aria-label", i === 0 ? T.yes : T.no);
        vote.appendChild(b);
      });
      box.appendChild(vote);
      showOverlay(box, art.title);
    }).catch(offline);
  }

  function contactForm() {
    var form = el("form", "contact");
    form.noValidate = true;
    function field(name, text, type) {
      var id = "al-" + name;
      var label = el("label", "", text); label.htmlFor = id;
      var input = el(type === "textarea" ? "textarea" : "input");
      input.id = id; input.name = name;
      if (type !== "textarea") input.type = type;
      var error = el("p", "field-error"); error.id = id + "-error";
      input.setAttribute("aria-describedby", error.id);
      form.appendChild(label); form.appendChild(input); form.appendChild(error);
      return input;
    }
    field("name", T.name, "text");
    field("contact", T.contact, "text");
    field("question", T.question, "textarea").value = state.question || "";
    var consentLabel = el("label", "consent");
    var consent = el("input"); consent.type = "checkbox"; consent.id = "al-consent"; consent.name = "consent";
    consentLabel.appendChild(consent); consentLabel.appendChild(document.createTextNode(" " + T.consent));
    form.appendChild(consentLabel);
    // What is collected, why, for how long, and the right to refuse (개인정보 보호법 제15조).
    var consentDetail = el("p", "consent-detail", T.consent_detail); consentDetail.id = "al-consent-detail";
    form.appendChild(consentDetail);
    var consentError = el("p", "field-error"); consentError.id = "al-consent-error";
    consent.setAttribute("aria-describedby", consentDetail.id + " " + consentError.id);
    form.appendChild(consentError);
    // Optional: hear back when an improvement task that takes this up is settled.
    var notifyLabel = el("label", "consent");
    var notify = el("input"); notify.type = "checkbox"; notify.id = "al-notify"; notify.name = "notify";
    notifyLabel.appendChild(notify); notifyLabel.appendChild(document.createTextNode(" " + T.notify));
    form.appendChild(notifyLabel);
    var notifyError = el("p", "field-error"); notifyError.id = "al-notify-error";
    notify.setAttribute("aria-describedby", notifyError.id);
    form.appendChild(notifyError);
    var status = el("p", "form-status"); status.setAttribute("role", "status");
    form.appendChild(button(T.submit, function () { submit(); }, "btn person"));
    form.appendChild(status);
    form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
    function submit() {
      form.querySelectorAll(".field-error").forEach(function (p) { p.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
      status.className = "form-status";
      var body = {name: form.elements.name.value, contact: form.elements.contact.value,
        question: form.elements.question.value, consent: consent.checked, notify: notify.checked,
        session: state.session,
        page: location.href.slice(0, 500), lang: o.lang};
      api("/api/v1/contact", {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify(body)}).then(function (d) {
        if (d.ok) {
          A.__emit("contact", {id: d.id});
          closeOverlay();
          add({t: "bot", text: T.sent});
          return;
        }
        var first = null;
        Object.keys(d.fields || {}).forEach(function (name) {
          var p = form.querySelector("#al-" + name + "-error");
          if (p) p.textContent = d.fields[name];
          var input = form.querySelector("#al-" + name);
          if (input) { input.setAttribute("aria-invalid", "true"); first = first || input; }
        });
        // The server's words (e.g. its Korean 429 message), shown as an alert.
        status.textContent = d.fields ? "" : (d.error || T.error);
        if (!d.fields) status.className = "form-status alert";
        if (first) first.focus();
      }).catch(function () { status.textContent = T.error; status.className = "form-status alert"; });
    }
    showOverlay(form, T.form);
  }

  // ---- the panel ----
  var css =
    // --al-bottom/--al-side come from the loader (data-offset-*, Answerloop.setOffset).
    ".panel{position:fixed;bottom:var(--al-bottom,20px);" + o.position + ":var(--al-side,20px);width:370px;max-width:calc(100vw - 40px);" +
    "height:600px;max-height:calc(100vh - 40px - var(--al-bottom,20px));display:flex;word-break:keep-all;overflow-wrap:anywhere;flex-direction:column;background:#fff;color:#1d2330;" +
    "border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.25);overflow:hidden;transition:opacity .15s}" +
    ".panel[hidden]{display:none}" +
    "header{display:flex;align-items:center;justify-content:space-between;padding:6px 16px;min-height:56px;box-sizing:border-box;background:" + o.color + ";color:#fff}" +
    "header h2{font-size:16px;margin:0}" +
    ".x{all:initial;font:inherit;color:#fff;cursor:pointer;font-size:24px;line-height:1;min-width:44px;min-height:44px;" +
    "display:inline-flex;align-items:center;justify-content:center;box-sizing:border-box;border-radius:8px;margin-right:-8px}" +
    ".log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:8px}" +
    ".msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;word-break:keep-all;overflow-wrap:anywhere}" +
    ".bot{background:#f1f3f7;align-self:flex-start}.me{background:" + o.color + ";color:#fff;align-self:flex-end}" +
    ".answer{white-space:normal}.answer p{margin:.3em 0}.answer ol,.answer ul{padding-left:1.2em;margin:.3em 0}" +
    ".cards{list-style:none;margin:0;padding:0;display:grid;gap:6px}" +
    ".card{all:initial;font:inherit;display:block;box-sizing:border-box;width:100%;min-height:44px;cursor:pointer;border:1px solid #d9dee7;" +
    "border-radius:10px;padding:10px 12px;background:#fff;color:#1f5fd6;font-weight:600;word-break:keep-all;overflow-wrap:anywhere}" +
    ".summary{display:block;color:#4f5868;font-weight:400;font-size:13px;margin-top:2px}" +
    ".controls{border-top:1px solid #e5e8ee;padding:10px 12px;display:grid;gap:8px;max-height:45%;overflow-y:auto}" +
    ".options{display:flex;flex-wrap:wrap;gap:8px}.nav{display:flex;flex-wrap:wrap;gap:8px}" +
    // Every control is a 44×44 px target at least, 8 px apart (WCAG 2.5.5, Apple/Google guides).
    ".btn{all:initial;font:inherit;font-size:14px;cursor:pointer;border:1px solid " + o.color + ";color:" + o.color + ";" +
    "background:#fff;border-radius:999px;padding:8px 14px;text-decoration:none;display:inline-flex;align-items:center;" +
    "justify-content:center;box-sizing:border-box;min-height:44px;min-width:44px;word-break:keep-all;overflow-wrap:anywhere}" +
    ".inline,.resolved.open{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.inline{margin-top:6px}" +
    ".resolved p,.unsure p{margin:0;flex-basis:100%}.unsure{white-space:normal}" +
    ".channel-text{margin:0;padding:10px 0 0 4px;font-weight:600}" +
    ".ghost{border-color:#c3c9d4;color:#1d2330}.person{background:" + o.color + ";color:#fff}" +
    "button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid #ffb000;outline-offset:2px}" +
    "form.ask{display:flex;gap:6px;padding:10px 12px;border-top:1px solid #e5e8ee}" +
    "input,textarea{all:initial;font:inherit;box-sizing:border-box;min-height:44px;border:1px solid #8a93a3;border-radius:8px;padding:10px 12px;background:#fff;color:#1d2330;word-break:keep-all}" +
    "input[type=checkbox]{all:revert;width:22px;height:22px;min-height:0;margin:0;flex:none;accent-color:" + o.color + "}" +
    "[aria-invalid=true]{border:2px solid #b3261e}" +
    "form.ask input{flex:1;min-width:0}" +
    ".overlay{position:absolute;inset:56px 0 0 0;background:#fff;overflow-y:auto;padding:12px 16px}.overlay[hidden]{display:none}" +
    ".overlay-title{font-size:21px;line-height:1.35;margin:8px 0 12px}.article-body h2{font-size:17px}.article-body h3{font-size:15px}" +
    ".article-body img{max-width:100%;height:auto}" +
    ".article-body table{border-collapse:collapse;display:block;overflow-x:auto}.article-body td,.article-body th{border:1px solid #d9dee7;padding:4px 6px}" +
    ".full{display:inline-flex;align-items:center;min-height:44px;margin:6px 0;color:#1f5fd6}.vote{display:flex;gap:8px;align-items:center;flex-wrap:wrap}" +
    ".vote p{flex-basis:100%;margin:0}" +
    ".contact{display:grid;gap:4px}.contact textarea{min-height:90px}.field-error{color:#b3261e;margin:0 0 6px;font-size:13px;min-height:0}" +
    ".consent{display:flex;gap:10px;align-items:center;min-height:44px;font-size:13px;cursor:pointer}" +
    ".consent-detail{margin:0 0 4px 32px;font-size:12px;color:#4f5868;white-space:normal}" +
    ".form-status.alert{border:1px solid #b3261e;background:#fdecea;color:#8c1d18;border-radius:8px;padding:8px 10px}" +
    ".channels{list-style:none;padding:0;margin:6px 0 0;display:grid;gap:8px}.channels small{display:block;color:#4f5868;margin:2px 0 0 8px}" +
    ".status{display:inline-block;margin:4px 0 0 8px;font-size:13px;font-weight:600}.status.open{color:#1b7f3b}" +
    ".status.closed{color:#8a5a00}.notice{margin:6px 0;padding:8px 10px;border-radius:8px;background:#fff6e0;color:#5c4200}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}" +
    "@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;bottom:0;" + o.position + ":0}" +
    ".controls{max-height:40%}}" +
    "@media (prefers-reduced-motion:reduce){.panel{transition:none}}";

  function build() {
    o.sheet(root, css);
    panel = el("section", "panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", T.dialog);
    panel.setAttribute("part", "panel");
    panel.hidden = true;
    var header = el("header");
    header.appendChild(el("h2", "", o.name || T.dialog));
    var x = button("×", close, "x");
    x.setAttribute("aria-label", T.close);
    header.appendChild(x);
    panel.appendChild(header);
    logEl = el("div", "log");
    logEl.setAttribute("role", "log");
    logEl.setAttribute("aria-live", "polite");
    panel.appendChild(logEl);
    controls = el("div", "controls");
    panel.appendChild(controls);
    var ask = el("form", "ask");
    var label = el("label", "sr", T.ask);
    label.htmlFor = "al-ask";
    input = el("input");
    input.id = "al-ask"; input.type = "text"; input.maxLength = 200; input.placeholder = T.ask;
    input.autocomplete = "off";
    ask.appendChild(label); ask.appendChild(input);
    ask.appendChild(button(T.send, function () { submitAsk(); }, "btn person"));
    ask.addEventListener("submit", function (e) { e.preventDefault(); submitAsk(); });
    function submitAsk() { var q = input.value; input.value = ""; search(q); }
    panel.appendChild(ask);
    overlay = el("div", "overlay");
    overlay.hidden = true;
    panel.appendChild(overlay);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.stopPropagation(); if (!overlay.hidden) closeOverlay(); else close(); }
    });
    root.appendChild(panel);
    state.log.forEach(draw);
  }

  function loadScenario() {
    return api("/api/v1/scenarios/" + encodeURIComponent(o.scenario)).then(function (d) {
      if (d.ok) { scenario = d.scenario; return; }
      if (window.console) console.warn("Answerloop: unknown scenario '" + o.scenario + "': showing search and handoff only");
    });
  }

  var started = false;
  function open() {
    panel.hidden = false;
    o.launcher.setAttribute("aria-expanded", "true");
    try { sessionStorage.setItem("answerloop:open", "1"); } catch (e) { /* ignore */ }
    A.__emit("open", {});
    if (!started) {
      started = true;
      track("widget_open", {});
      loadScenario().then(function () {
        if (!state.path || !nodeAt(state.path)) state.path = [];
        if (!state.log.length) {
          add({t: "bot", text: greeting()});
          api("/api/v1/suggest?url=" + encodeURIComponent(location.href)).then(function (d) {
            if (d.ok && d.articles.length) {
              add({t: "bot", text: T.suggested});
              add({t: "cards", items: d.articles});
            }
          }).catch(function () {});
        }
        renderControls(true);
      }).catch(function () { renderControls(true); offline(); });
    } else {
      var first = controls.querySelector("button") || input;
      first.focus();
    }
  }
  function close() {
    panel.hidden = true;
    o.launcher.setAttribute("aria-expanded", "false");
    try { sessionStorage.setItem("answerloop:open", "0"); } catch (e) { /* ignore */ }
    A.__emit("close", {});
    flush();
    o.launcher.focus();
  }

  build();
  var instance = {
    open: open, close: close,
    openArticle: function (id) { open(); openArticle(id); },
    search: function (q) { open(); search(q); },
    suggest: function (ids) {
      open();
      Promise.all((ids || []).map(function (id) {
        return api("/api/v1/articles/" + encodeURIComponent(id)).catch(function () { return {}; });
      })).then(function (found) {
        var items = found.filter(function (d) { return d.ok; }).map(function (d) {
          return {id: d.article.id, title: d.article.title, summary: d.article.summary};
        });
        if (items.length) { add({t: "bot", text: T.suggested}); add({t: "cards", items: items}); }
      });
    }
  };
  A.__app = instance;
  A.__ready(instance);
})();
