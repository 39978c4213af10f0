// The calendar's keyboard: ← and → page back and forth, T goes to today (the links work without it).
document.addEventListener("keydown", function (e) {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  var target = e.target;
  if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName))) return;
  var which = { ArrowLeft: "prev", ArrowRight: "next", t: "today", T: "today" }[e.key];
  var link = which && document.querySelector('a[data-calendar-nav="' + which + '"]');
  if (link) { e.preventDefault(); window.location.assign(link.href); }
});
