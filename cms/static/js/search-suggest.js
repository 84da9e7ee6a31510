// Autocomplete for the practice search box: a list of titles and tags under the field.
// The page works without it; it only adds suggestions as the user types.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  if (!input || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.id = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.className = "suggestions";
  list.hidden = true;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.parentNode.insertBefore(list, input.nextSibling);
  var timer = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    list.textContent = "";
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = "search-suggestion-" + index;
      option.textContent = item.value + (item.type === "tag" ? " (tag)" : "");
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        if (item.url) { window.location.href = item.url; return; }
        input.value = item.value;
        close();
        input.form.submit();
      });
      list.appendChild(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value))
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
