/* Move the keyboard focus to a form's error summary, so that it is read and acted on first.
   Without JavaScript the summary is still at the top of the page, announced as an alert. */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
}());
