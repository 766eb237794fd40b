// Progressive enhancement for article pages: a "copy link" button on each section heading.
(function () {
  "use strict";
  var body = document.querySelector(".article-body");
  var status = document.getElementById("copy-status");
  if (!body || !navigator.clipboard) return;
  var label = body.getAttribute("data-copy-label");
  var copied = body.getAttribute("data-copied");
  body.querySelectorAll("h2[id], h3[id]").forEach(function (heading) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-anchor";
    button.textContent = "#";
    button.setAttribute("aria-label", "# " + label + ": " + heading.textContent);
    button.addEventListener("click", function () {
      var url = location.origin + location.pathname + "#" + heading.id;
      navigator.clipboard.writeText(url).then(function () {
        if (status) status.textContent = copied + ": " + url;
      });
    });
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(button);
  });
})();
