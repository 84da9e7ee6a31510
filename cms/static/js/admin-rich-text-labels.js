// The admin's rich text editors (Draftail) and its tag boxes (tag-it) are inputs without a
// name for screen readers: name each after its field's label ("Narrative", "Tags"), as a
// person sees it above the box. The label belongs to the field's own input beside them.
(function () {
  "use strict";
  function labelFor(editor) {
    var node = editor;
    while (node && node !== document.body) {
      node = node.parentElement;
      var input = node && node.querySelector("input[type='hidden'][id], input[id]:not(.ui-autocomplete-input)");
      if (input) {
        return document.querySelector("label[for='" + input.id + "']");
      }
    }
    return null;
  }
  function name(editor) {
    if (editor.hasAttribute("aria-label") || editor.hasAttribute("aria-labelledby")) return;
    var label = labelFor(editor);
    if (label && label.id) {
      editor.setAttribute("aria-labelledby", label.id);
    } else if (label) {
      editor.setAttribute("aria-label", label.textContent.trim());
    }
  }
  function nameAll() {
    document
      .querySelectorAll(".public-DraftEditor-content[role='textbox'], input.ui-autocomplete-input")
      .forEach(name);
  }
  function start() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
