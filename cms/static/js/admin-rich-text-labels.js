// The admin's rich text editors (Draftail) are textboxes without a name for screen readers:
// name each after its field's label ("Narrative"), as a person sees it above the box.
(function () {
  "use strict";
  var counter = 0;
  function name(editor) {
    if (editor.hasAttribute("aria-label") || editor.hasAttribute("aria-labelledby")) return;
    var field = editor.closest(".w-field");
    var label = field && field.querySelector(".w-field__label");
    if (!label) return;
    if (!label.id) {
      counter += 1;
      label.id = "rich-text-label-" + counter;
    }
    editor.setAttribute("aria-labelledby", label.id);
  }
  function nameAll(root) {
    (root || document).querySelectorAll(".public-DraftEditor-content[role='textbox']").forEach(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll(document);
    new MutationObserver(function () { nameAll(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
