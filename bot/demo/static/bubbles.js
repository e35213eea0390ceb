// What a message bubble does by itself, as in Telegram: a spoiler shows its text when clicked,
// an expandable quotation opens and closes. Used by the web chat and by `preview --html`.
"use strict";
document.addEventListener("click", (event) => {
  const spoiler = event.target.closest(".tg-spoiler");
  if (spoiler) {
    spoiler.classList.add("revealed");
    return;
  }
  const quote = event.target.closest("blockquote.tg-expandable");
  if (quote && !event.target.closest("a")) {
    quote.classList.toggle("open");
  }
});
