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
  var items = [];
  var active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    list.textContent = "";
    items = [];
    active = -1;
  }

  function choose(item) {
    if (item.url) { window.location.href = item.url; return; }
    input.value = item.value;
    close();
    input.form.submit();
  }

  // Arrow keys move through the suggestions while the focus stays in the box (the combobox
  // pattern): screen readers hear the option through aria-activedescendant.
  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function show(found) {
    list.textContent = "";
    items = found;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = "search-suggestion-" + index;
      option.textContent = item.value + (item.type === "tag" ? " (tag)" : "");
      option.setAttribute("aria-selected", "false");
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item);
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
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();  // close the list; a second Escape clears the box as usual
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !list.hidden) {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0 && items[active]) {
      event.preventDefault();
      choose(items[active]);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
